package com.autobolt.stack;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthenticationException;

/**
 * Waits until the stack's Kafka answers an authenticated client as a cluster with every node as a
 * broker, or fails naming the log of the node that exited or, after the timeout, of every node.
 */
final class KafkaReadiness {

    private KafkaReadiness() {}

    static void await(List<ServiceProcess> nodes, Map<String, Object> clientProperties, int brokers, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        int seen = 0;
        try (Admin admin = Admin.create(properties)) {
            while (Instant.now().isBefore(deadline)) {
                for (ServiceProcess node : nodes) {
                    if (!node.isAlive()) {
                        throw new StackException(node.name() + " exited during start; see " + node.logFile());
                    }
                }
                try {
                    seen = admin.describeCluster()
                            .nodes()
                            .get(5, TimeUnit.SECONDS)
                            .size();
                    if (seen >= brokers) {
                        return;
                    }
                    Thread.sleep(200);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof AuthenticationException) {
                        throw new StackException(
                                "Kafka refused the stack's credentials ("
                                        + e.getCause().getMessage()
                                        + "); were they replaced? Start with --fresh (deletes the stack's data) to begin again");
                    }
                    // not ready yet
                } catch (TimeoutException e) {
                    // not ready yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StackException("interrupted while waiting for Kafka", e);
                }
            }
        }
        throw new StackException("Kafka did not answer with " + brokers + " broker(s) within " + timeout.toSeconds()
                + " s at " + clientProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + " (last seen: " + seen
                + "); see " + nodes.stream().map(n -> n.logFile().toString()).toList());
    }
}
