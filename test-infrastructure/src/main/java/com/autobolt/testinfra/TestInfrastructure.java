package com.autobolt.testinfra;

import com.autobolt.testinfra.kafka.KafkaServer;
import com.autobolt.testinfra.kafka.KafkaServers;
import com.autobolt.testinfra.postgres.PostgresServer;
import com.autobolt.testinfra.postgres.PostgresServers;

/**
 * The real PostgreSQL and Kafka that integration tests run against. Each starts on first use and is
 * shared by every test of the JVM; tests isolate their data with {@link PostgresServer#createDatabase()}
 * and {@link KafkaServer#uniqueName(String)}.
 */
public final class TestInfrastructure {

    private TestInfrastructure() {}

    public static PostgresServer postgres() {
        return Shared.POSTGRES;
    }

    public static KafkaServer kafka() {
        return SharedKafka.KAFKA;
    }

    // Holder classes: each server starts when first asked for, once, thread-safely.
    private static final class Shared {
        static final PostgresServer POSTGRES = PostgresServers.start(InfrastructureMode.forPostgres());
    }

    private static final class SharedKafka {
        static final KafkaServer KAFKA = KafkaServers.start(InfrastructureMode.forKafka());
    }
}
