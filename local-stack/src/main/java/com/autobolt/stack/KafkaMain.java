package com.autobolt.stack;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.Kafka;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * The local stack's Kafka: Kafka's own KRaft server (one node, broker and controller), run as its own
 * process from the local-stack jar ({@code -Dloader.main=com.autobolt.stack.KafkaMain}). On the first
 * start it formats the log directory with a new cluster id (kept in the log directory's
 * {@code meta.properties}); afterwards it resumes from what is there. SIGTERM stops it gracefully.
 */
public final class KafkaMain {

    private KafkaMain() {}

    /** {@code args[0]}: the server properties file the launcher wrote ({@link KafkaConfig}). */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: KafkaMain <server.properties>");
            System.exit(2);
        }
        Path config = Path.of(args[0]);
        Path logDirectory = Path.of(load(config).getProperty("log.dirs"));
        if (!Files.exists(logDirectory.resolve("meta.properties"))) {
            String clusterId = Uuid.randomUuid().toString();
            System.out.println("formatting " + logDirectory + " for the new cluster " + clusterId);
            int exitCode = StorageTool.execute(
                    new String[] {"format", "--config", config.toString(), "--cluster-id", clusterId}, System.out);
            if (exitCode != 0) {
                System.exit(exitCode);
            }
        }
        Kafka.main(new String[] {config.toString()});
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }
}
