package com.autobolt.testinfra.kafka;

import com.autobolt.embedded.kafka.SingleBrokerSettings;
import com.autobolt.testinfra.InfrastructureMode;
import com.autobolt.testinfra.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.kafka.KafkaContainer;

/** Starts (or finds) the Kafka broker of a test JVM and stops it when the JVM exits. */
public final class KafkaServers {

    private static final Logger log = LoggerFactory.getLogger(KafkaServers.class);

    private KafkaServers() {}

    public static KafkaServer start(InfrastructureMode mode) {
        KafkaServer server = switch (mode) {
            case EXTERNAL -> new StaticServer(Settings.get("AUTOBOLT_TEST_KAFKA_BOOTSTRAP_SERVERS"), () -> {});
            case TESTCONTAINERS -> container();
            case EMBEDDED -> embedded();
        };
        log.info("Kafka for tests ({}) at {}", mode, server.bootstrapServers());
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "kafka-shutdown"));
        return server;
    }

    private static KafkaServer embedded() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 2);
        broker.brokerProperties(SingleBrokerSettings.SETTINGS);
        broker.afterPropertiesSet();
        return new StaticServer(broker.getBrokersAsString(), broker::destroy);
    }

    private static KafkaServer container() {
        KafkaContainer container = new KafkaContainer("apache/kafka:4.1.2");
        SingleBrokerSettings.SETTINGS.forEach(
                (key, value) -> container.withEnv("KAFKA_" + key.toUpperCase().replace('.', '_'), value));
        container.start();
        return new StaticServer(container.getBootstrapServers(), container::stop);
    }

    private record StaticServer(String bootstrapServers, Runnable stopper) implements KafkaServer {
        @Override
        public void stop() {
            stopper.run();
        }
    }
}
