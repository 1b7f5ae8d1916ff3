package com.autobolt.stack;

import com.autobolt.embedded.kafka.SingleBrokerSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The server properties of one node of the local stack's Kafka ({@link KafkaMain}): a KRaft node that
 * is broker and controller, listening on 127.0.0.1 only, in a quorum of every node of the stack.
 *
 * <p>Every listener authenticates: {@code BROKER} (clients and the other brokers) with SCRAM-SHA-512,
 * {@code CONTROLLER} (the quorum) with SASL/PLAIN, since KRaft controllers cannot check SCRAM. An
 * unauthenticated listener, even on loopback, would let any local process around the credentials. With
 * {@link StackSettings.ServiceKafkaListeners} a third, {@code CLIENT}, takes the services' clients with the
 * same SCRAM login; it is advertised at another port (a proxy's), and neither the brokers nor the
 * controllers ever use it.
 *
 * <p>Internal topics (consumer offsets, transaction state, share-group state) and topics created
 * without a replication factor get {@link #replicationFactor} replicas and {@link #minInSyncReplicas}:
 * with three nodes one can fail without stopping a write; a single node must keep them at 1, or
 * consumer groups and transactions wait for ever for replicas that will never exist. Topics are never
 * created on first use: the services create theirs with the settings they need.
 */
final class KafkaConfig {

    static final String BROKER_LISTENER = "BROKER";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String SERVICE_LISTENER = "CLIENT";

    private KafkaConfig() {}

    static int replicationFactor(int nodes) {
        return Math.min(nodes, 3);
    }

    static int minInSyncReplicas(int nodes) {
        return nodes >= 3 ? 2 : 1;
    }

    /**
     * @param node this node's id, 1 to {@code ports.size()}
     * @param ports every node's client port, by node
     * @param controllerPorts every node's controller port, by node
     * @param serviceListeners the services' own listener of every node, or none
     */
    static Properties properties(
            int node,
            Path logDirectory,
            List<Integer> ports,
            List<Integer> controllerPorts,
            StackSettings.ServiceKafkaListeners serviceListeners,
            KafkaCredentials credentials) {
        int nodes = ports.size();
        String replicas = String.valueOf(replicationFactor(nodes));
        String minIsr = String.valueOf(minInSyncReplicas(nodes));
        Properties properties = new Properties();
        properties.putAll(SingleBrokerSettings.SETTINGS);
        properties.setProperty("auto.create.topics.enable", "false");
        properties.setProperty("default.replication.factor", replicas);
        properties.setProperty("min.insync.replicas", minIsr);
        properties.setProperty("offsets.topic.replication.factor", replicas);
        properties.setProperty("transaction.state.log.replication.factor", replicas);
        properties.setProperty("transaction.state.log.min.isr", minIsr);
        properties.setProperty("share.coordinator.state.topic.replication.factor", replicas);
        properties.setProperty("share.coordinator.state.topic.min.isr", minIsr);

        properties.setProperty("process.roles", "broker,controller");
        properties.setProperty("node.id", String.valueOf(node));
        properties.setProperty(
                "controller.quorum.voters",
                IntStream.rangeClosed(1, nodes)
                        .mapToObj(n -> n + "@127.0.0.1:" + controllerPorts.get(n - 1))
                        .collect(Collectors.joining(",")));
        String listeners = BROKER_LISTENER + "://127.0.0.1:" + ports.get(node - 1) + "," + CONTROLLER_LISTENER
                + "://127.0.0.1:" + controllerPorts.get(node - 1);
        String advertised = BROKER_LISTENER + "://127.0.0.1:" + ports.get(node - 1);
        String protocols = BROKER_LISTENER + ":SASL_PLAINTEXT," + CONTROLLER_LISTENER + ":SASL_PLAINTEXT";
        if (serviceListeners.isEnabled()) {
            // A client is answered with the addresses of the listener it came in on: the services, bootstrapped
            // on the advertised ports, keep going through whatever forwards there to every node.
            listeners += "," + SERVICE_LISTENER + "://127.0.0.1:"
                    + serviceListeners.ports().get(node - 1);
            advertised += "," + SERVICE_LISTENER + "://127.0.0.1:"
                    + serviceListeners.advertisedPorts().get(node - 1);
            protocols += "," + SERVICE_LISTENER + ":SASL_PLAINTEXT";
            properties.setProperty("listener.name.client.sasl.enabled.mechanisms", KafkaCredentials.MECHANISM);
            properties.setProperty(
                    "listener.name.client.scram-sha-512.sasl.jaas.config", credentials.brokerJaasConfig());
        }
        properties.setProperty("listeners", listeners);
        properties.setProperty("advertised.listeners", advertised);
        properties.setProperty("controller.listener.names", CONTROLLER_LISTENER);
        properties.setProperty("inter.broker.listener.name", BROKER_LISTENER);
        properties.setProperty("listener.security.protocol.map", protocols);

        properties.setProperty("sasl.enabled.mechanisms", KafkaCredentials.MECHANISM);
        properties.setProperty("sasl.mechanism.inter.broker.protocol", KafkaCredentials.MECHANISM);
        properties.setProperty("listener.name.broker.sasl.enabled.mechanisms", KafkaCredentials.MECHANISM);
        properties.setProperty("listener.name.broker.scram-sha-512.sasl.jaas.config", credentials.brokerJaasConfig());
        properties.setProperty("sasl.mechanism.controller.protocol", "PLAIN");
        properties.setProperty("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        properties.setProperty("listener.name.controller.plain.sasl.jaas.config", credentials.controllerJaasConfig());

        properties.setProperty("log.dirs", logDirectory.toAbsolutePath().toString());
        // A laptop's disk, not a cluster's: keep a week of events but in small segments.
        properties.setProperty("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        // The log cleaner allocates its whole dedupe buffer on the heap at start (default 128 MB, touched
        // by zeroing, so resident for good): the largest part of an idle node's memory (IdleCostBenchmark,
        // rss_mb_kafka_1). 8 MB still dedupes ~300,000 keys per pass, far more than the local stack's compacted
        // topics (consumer offsets, breakers) hold.
        properties.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        return properties;
    }
}
