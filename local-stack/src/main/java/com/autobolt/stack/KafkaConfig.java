package com.autobolt.stack;

import com.autobolt.embedded.kafka.SingleBrokerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The server properties of the local stack's Kafka ({@link KafkaMain}): one KRaft node that is broker
 * and controller, listening on 127.0.0.1 only, its log under {@code <data>/kafka}, and internal topics
 * at replication factor 1 (a single broker never has the replicas the defaults wait for).
 */
final class KafkaConfig {

    static final int NODE_ID = 1;

    private KafkaConfig() {}

    static Properties properties(Path logDirectory, int port, int controllerPort) {
        Properties properties = new Properties();
        properties.putAll(SingleBrokerSettings.SETTINGS);
        properties.setProperty("process.roles", "broker,controller");
        properties.setProperty("node.id", String.valueOf(NODE_ID));
        properties.setProperty("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        properties.setProperty(
                "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        properties.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        properties.setProperty("controller.listener.names", "CONTROLLER");
        properties.setProperty("inter.broker.listener.name", "PLAINTEXT");
        properties.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        properties.setProperty("log.dirs", logDirectory.toAbsolutePath().toString());
        properties.setProperty("share.coordinator.state.topic.replication.factor", "1");
        properties.setProperty("share.coordinator.state.topic.min.isr", "1");
        // A laptop's disk, not a cluster's: keep a week of events but in small segments.
        properties.setProperty("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        return properties;
    }

    /** Writes the properties to {@code file} (regenerated at every start: the ports may have changed). */
    static Path write(Path file, Properties properties) {
        try {
            Files.createDirectories(file.getParent());
            try (Writer writer = Files.newBufferedWriter(file)) {
                properties.store(writer, "written by the AutoBolt local stack at every start; edits are lost");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
