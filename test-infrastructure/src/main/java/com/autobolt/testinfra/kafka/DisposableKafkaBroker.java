package com.autobolt.testinfra.kafka;

import com.autobolt.embedded.kafka.SingleBrokerSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * An embedded broker of one test's own, for tests that take a broker away (the shared one cannot
 * be stopped). Starting and destroying an embedded broker rewrites the system properties in which
 * spring-kafka-test publishes its address, {@code spring.kafka.bootstrap-servers} among them, which
 * every Spring context started later in the JVM would take (and then find dead); this puts them
 * back each time. It cannot come back once stopped: an embedded KRaft broker does not restart at
 * the same address.
 */
public final class DisposableKafkaBroker implements AutoCloseable {

    private static final List<String> PUBLISHED_PROPERTIES =
            List.of(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS, "spring.kafka.bootstrap-servers");

    private final Map<String, String> before = new HashMap<>();
    private final EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
    private final String bootstrapServers;
    private boolean stopped;

    public DisposableKafkaBroker() {
        PUBLISHED_PROPERTIES.forEach(name -> before.put(name, System.getProperty(name)));
        broker.brokerProperties(SingleBrokerSettings.SETTINGS);
        try {
            broker.afterPropertiesSet();
        } finally {
            restoreProperties();
        }
        bootstrapServers = broker.getBrokersAsString();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Stops the broker for good; clients connected to it see it gone. Stopping again does nothing. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            broker.destroy();
        } finally {
            restoreProperties();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void restoreProperties() {
        before.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }
}
