package com.autobolt.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import kafka.Kafka;

/**
 * One node of the local stack's Kafka: Kafka's own KRaft server, run as its own process from the
 * local-stack jar ({@code -Dloader.main=com.autobolt.stack.KafkaMain}) on a log directory the launcher
 * has formatted ({@link KafkaCluster}). SIGTERM stops it gracefully.
 */
public final class KafkaMain {

    private KafkaMain() {}

    /** {@code args[0]}: the server properties file the launcher wrote ({@link KafkaConfig}). */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: KafkaMain <server.properties>");
            System.exit(2);
        }
        Path config = Path.of(args[0]);
        Path logDirectory = Path.of(Secrets.read(config).getProperty("log.dirs"));
        if (!Files.exists(logDirectory.resolve("meta.properties"))) {
            System.err.println(logDirectory + " is not formatted; ./autobolt up formats it on the first start");
            System.exit(2);
        }
        Kafka.main(new String[] {config.toString()});
    }
}
