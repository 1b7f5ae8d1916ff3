package com.autobolt.testinfra.kafka;

import com.autobolt.testinfra.InfrastructureMode;
import com.autobolt.testinfra.Settings;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.kafka.KafkaContainer;

/** Starts (or finds) the Kafka broker of a test JVM and stops it when the JVM exits. */
public final class KafkaServers {

    private static final Logger log = LoggerFactory.getLogger(KafkaServers.class);

    /**
     * A single broker must keep its internal topics at replication factor 1, or consumer groups and
     * transactions wait forever for replicas that will never exist.
     */
    public static final Map<String, String> SINGLE_BROKER_SETTINGS = Map.of(
            "offsets.topic.replication.factor", "1",
            "offsets.topic.num.partitions", "10",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "transaction.state.log.num.partitions", "10",
            "min.insync.replicas", "1",
            "group.initial.rebalance.delay.ms", "0",
            "auto.create.topics.enable", "true",
            "num.partitions", "2");

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
        broker.brokerProperties(SINGLE_BROKER_SETTINGS);
        broker.afterPropertiesSet();
        return new StaticServer(broker.getBrokersAsString(), broker::destroy);
    }

    private static KafkaServer container() {
        KafkaContainer container = new KafkaContainer("apache/kafka:4.1.2");
        SINGLE_BROKER_SETTINGS.forEach(
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
