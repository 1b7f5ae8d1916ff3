package com.autobolt.stack;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Waits until the stack's Kafka answers as a cluster with a broker, or fails naming its log. */
final class KafkaReadiness {

    private KafkaReadiness() {}

    static void await(ServiceProcess kafka, String bootstrapServers, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            while (Instant.now().isBefore(deadline)) {
                if (!kafka.isAlive()) {
                    throw new StackException("Kafka exited during start; see " + kafka.logFile());
                }
                try {
                    if (!admin.describeCluster()
                            .nodes()
                            .get(5, TimeUnit.SECONDS)
                            .isEmpty()) {
                        return;
                    }
                    Thread.sleep(200);
                } catch (ExecutionException | TimeoutException e) {
                    // not ready yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StackException("interrupted while waiting for Kafka", e);
                }
            }
        }
        throw new StackException("Kafka did not become ready within " + timeout.toSeconds() + " s at "
                + bootstrapServers + "; see " + kafka.logFile());
    }
}
