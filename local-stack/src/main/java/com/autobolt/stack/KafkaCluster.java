package com.autobolt.stack;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * The local stack's Kafka: one or three KRaft nodes (each broker and controller, its own JVM running
 * {@link KafkaMain}), every listener authenticated ({@link KafkaConfig}, {@link KafkaCredentials}). On
 * the first start the launcher formats every node's log directory with one new cluster id and the SCRAM
 * users; afterwards the nodes resume from what is there.
 */
final class KafkaCluster {

    /** Starts a service process of the stack (which stops it in order). */
    @FunctionalInterface
    interface Launcher {
        ServiceProcess launch(String name, List<String> arguments, Map<String, String> environment);
    }

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final StackSettings settings;
    private final Path localStackJar;
    private final Launcher launcher;
    private final KafkaCredentials credentials;
    private final List<ServiceProcess> nodes = new ArrayList<>();

    private KafkaCluster(StackSettings settings, Path localStackJar, Launcher launcher, KafkaCredentials credentials) {
        this.settings = settings;
        this.localStackJar = localStackJar;
        this.launcher = launcher;
        this.credentials = credentials;
    }

    /** Formats the nodes that need it, starts every node and waits until all have joined as brokers. */
    static KafkaCluster start(StackSettings settings, Path localStackJar, Launcher launcher) {
        requireDataOfThisShape(settings);
        Path credentialsFile = settings.kafkaCredentialsFile();
        boolean formatted = IntStream.rangeClosed(1, settings.brokers()).anyMatch(n -> isFormatted(settings, n));
        if (formatted && !Files.exists(credentialsFile)) {
            throw new StackException("Kafka's data in " + settings.kafkaDirectory() + " has no credentials file ("
                    + credentialsFile + "): it was made before the stack's Kafka required SASL, or the file was"
                    + " deleted. Start with --fresh (deletes the stack's data) to begin again.");
        }
        KafkaCredentials credentials = KafkaCredentials.loadOrCreate(credentialsFile);
        KafkaCluster cluster = new KafkaCluster(settings, localStackJar, launcher, credentials);
        cluster.writeClientConfig();
        cluster.format();
        // All at once: a node serves clients only once a quorum of the nodes has elected a leader.
        for (int node = 1; node <= settings.brokers(); node++) {
            cluster.nodes.add(cluster.launchNode(node));
        }
        cluster.awaitReady();
        return cluster;
    }

    /** A one-node stack's data cannot start three nodes, nor the reverse: the cluster would be another one. */
    private static void requireDataOfThisShape(StackSettings settings) {
        Path kafka = settings.kafkaDirectory();
        boolean oneNodeData = Files.exists(kafka.resolve("meta.properties"));
        boolean clusterData = Files.exists(kafka.resolve("node-1"));
        if (settings.brokers() > 1 && oneNodeData || settings.brokers() == 1 && clusterData) {
            throw new StackException(
                    "Kafka's data in " + kafka + " is of a " + (oneNodeData ? "one-node" : "three-node")
                            + " cluster; start with --brokers=" + (oneNodeData ? 1 : 3)
                            + ", or add --fresh (deletes the stack's data) to start empty with --brokers="
                            + settings.brokers());
        }
    }

    private static boolean isFormatted(StackSettings settings, int node) {
        return Files.exists(settings.kafkaNodeDirectory(node).resolve("meta.properties"));
    }

    private Path configFile(int node) {
        return settings.stackDirectory().resolve("kafka-" + node + ".properties");
    }

    /**
     * Writes every node's server properties (again at every start: the ports may have changed; owner
     * only: they hold the brokers' passwords) and formats the log directories not formatted yet, with
     * the cluster id the others have, or a new one.
     */
    private void format() {
        String clusterId = IntStream.rangeClosed(1, settings.brokers())
                .filter(n -> isFormatted(settings, n))
                .mapToObj(n -> Secrets.read(settings.kafkaNodeDirectory(n).resolve("meta.properties"))
                        .getProperty("cluster.id"))
                .findFirst()
                .orElseGet(() -> Uuid.randomUuid().toString());
        for (int node = 1; node <= settings.brokers(); node++) {
            Properties properties = KafkaConfig.properties(
                    node,
                    settings.kafkaNodeDirectory(node),
                    settings.ports().kafka(),
                    settings.ports().kafkaControllers(),
                    settings.serviceKafkaListeners(),
                    credentials);
            Secrets.write(
                    configFile(node), properties, "written by the AutoBolt local stack at every start; edits are lost");
            if (!isFormatted(settings, node)) {
                System.out.println("formatting Kafka node " + node + " for the cluster " + clusterId + "...");
                List<String> arguments = new ArrayList<>(
                        List.of("format", "--config", configFile(node).toString(), "--cluster-id", clusterId));
                arguments.addAll(credentials.scramFormatArguments());
                // The tool's output names the log directory and the metadata version, never a password;
                // it is shown only when formatting fails.
                ByteArrayOutputStream output = new ByteArrayOutputStream();
                int exitCode = StorageTool.execute(
                        arguments.toArray(String[]::new), new PrintStream(output, true, StandardCharsets.UTF_8));
                if (exitCode != 0) {
                    throw new StackException("could not format Kafka node " + node + " in "
                            + settings.kafkaNodeDirectory(node) + ": "
                            + credentials.masked(output.toString(StandardCharsets.UTF_8)));
                }
            }
        }
    }

    private void writeClientConfig() {
        Properties properties = new Properties();
        properties.setProperty("bootstrap.servers", bootstrapServers());
        properties.putAll(credentials.clientProperties());
        Secrets.write(
                settings.kafkaClientConfigFile(),
                properties,
                "The local stack's Kafka client settings (written at every start), e.g. for"
                        + " kafka-topics.sh --bootstrap-server " + bootstrapServers()
                        + " --command-config <this file>");
    }

    private ServiceProcess launchNode(int node) {
        ServiceProcess process = launcher.launch(
                nodeName(node),
                List.of(
                        "-Xms64m",
                        "-Xmx384m",
                        "-XX:+UseSerialGC",
                        StackSettings.C1_ONLY,
                        "-Dautobolt.log.level=INFO",
                        "-Dloader.main=com.autobolt.stack.KafkaMain",
                        "-jar",
                        localStackJar.toString(),
                        configFile(node).toString()),
                Map.of());
        return process;
    }

    static final String NODE_NAME_PREFIX = "kafka-";

    static String nodeName(int node) {
        return NODE_NAME_PREFIX + node;
    }

    private void awaitReady() {
        for (int node = 1; node <= nodes.size(); node++) {
            LocalStack.awaitPort(nodes.get(node - 1), settings.ports().kafka().get(node - 1));
        }
        KafkaReadiness.await(nodes, adminProperties(), settings.brokers(), READY_TIMEOUT);
    }

    /** Node n's process, 1-based (for tests that stop or kill one). */
    ServiceProcess node(int node) {
        return nodes.get(node - 1);
    }

    /** Starts node n again after it stopped or was killed, and waits until every node is a broker again. */
    void restartNode(int node) {
        if (nodes.get(node - 1).isAlive()) {
            throw new IllegalStateException(nodeName(node) + " is still running");
        }
        nodes.set(node - 1, launchNode(node));
        awaitReady();
    }

    String bootstrapServers() {
        return addresses(settings.ports().kafka());
    }

    private static String addresses(List<Integer> ports) {
        return ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    /** What the stack's own Kafka clients (its readiness check, the tests' readers) connect with. */
    Map<String, Object> adminProperties() {
        Map<String, Object> properties = new LinkedHashMap<>(credentials.clientProperties());
        properties.put("bootstrap.servers", bootstrapServers());
        return properties;
    }

    /**
     * Where the services bootstrap: the ports their own listeners are advertised at, if the nodes have
     * some ({@link StackSettings.ServiceKafkaListeners}), else the nodes' own listener, as everyone else.
     */
    String serviceBootstrapServers() {
        StackSettings.ServiceKafkaListeners listeners = settings.serviceKafkaListeners();
        return listeners.isEnabled() ? addresses(listeners.advertisedPorts()) : bootstrapServers();
    }

    /** The services' Kafka settings: where it is, how to log in, and the replication their topics get. */
    Map<String, String> serviceEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>(credentials.serviceEnvironment());
        environment.put("AUTOBOLT_KAFKA_BOOTSTRAP_SERVERS", serviceBootstrapServers());
        environment.put(
                "AUTOBOLT_KAFKA_REPLICATION_FACTOR", String.valueOf(KafkaConfig.replicationFactor(settings.brokers())));
        environment.put(
                "AUTOBOLT_KAFKA_MIN_INSYNC_REPLICAS",
                String.valueOf(KafkaConfig.minInSyncReplicas(settings.brokers())));
        return environment;
    }
}
