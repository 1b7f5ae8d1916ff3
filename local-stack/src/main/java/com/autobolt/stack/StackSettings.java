package com.autobolt.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Where the local stack lives, how many Kafka nodes, workers and projectors it runs, and which ports
 * they take.
 *
 * @param home the repository root, where the services' jars are built ({@code <module>/target})
 * @param stackDirectory keys, data ({@code data/}) and logs ({@code logs/}); {@code .autobolt} by default
 * @param fresh whether to delete the data directory before starting
 * @param serviceEnvironment more environment for every process but Kafka's nodes (none for {@code ./autobolt
 *     up}; the tests add settings with it, e.g. where to export traces); a service's own settings win
 * @param servicePostgresPort the port the services reach PostgreSQL on, 0 for PostgreSQL's own: the
 *     nemesis soak puts a TCP proxy there, in front of PostgreSQL, to delay and cut the services' connections
 * @param serviceKafkaListeners a listener of each Kafka node for the services alone, advertised at another
 *     port (a proxy's), or {@link ServiceKafkaListeners#NONE}: the services then use the nodes' own listener
 */
public record StackSettings(
        Path home,
        Path stackDirectory,
        Ports ports,
        boolean fresh,
        String javaOptions,
        Map<String, String> serviceEnvironment,
        int servicePostgresPort,
        ServiceKafkaListeners serviceKafkaListeners) {

    public StackSettings {
        serviceEnvironment = Map.copyOf(serviceEnvironment);
        if (serviceKafkaListeners.isEnabled()
                && serviceKafkaListeners.ports().size() != ports.kafka().size()) {
            throw new IllegalArgumentException("one service listener per Kafka node: " + serviceKafkaListeners + " for "
                    + ports.kafka().size() + " nodes");
        }
    }

    public StackSettings(Path home, Path stackDirectory, Ports ports, boolean fresh, String javaOptions) {
        this(home, stackDirectory, ports, fresh, javaOptions, Map.of(), 0, ServiceKafkaListeners.NONE);
    }

    /** These settings, with {@code environment} added to every service's. */
    public StackSettings withServiceEnvironment(Map<String, String> environment) {
        return new StackSettings(
                home,
                stackDirectory,
                ports,
                fresh,
                javaOptions,
                environment,
                servicePostgresPort,
                serviceKafkaListeners);
    }

    /** These settings, with the services reaching PostgreSQL on {@code port} (a proxy in front of it). */
    public StackSettings withServicePostgresPort(int port) {
        return new StackSettings(
                home, stackDirectory, ports, fresh, javaOptions, serviceEnvironment, port, serviceKafkaListeners);
    }

    /**
     * These settings, with the services reaching Kafka through {@code listeners}: each node also listens
     * on its service port, and advertises it at the matching advertised port, where a proxy forwards to it.
     */
    public StackSettings withServiceKafkaListeners(ServiceKafkaListeners listeners) {
        return new StackSettings(
                home, stackDirectory, ports, fresh, javaOptions, serviceEnvironment, servicePostgresPort, listeners);
    }

    /**
     * A listener of each Kafka node that only the services use (its name: {@code CLIENT}), so that
     * something can stand in their path to Kafka. A Kafka client connects to the addresses the brokers
     * advertise, not to the one it bootstrapped from: a proxy in front of a node's own listener would see
     * the first request only. Node n listens on {@code ports.get(n - 1)} and advertises
     * {@code advertisedPorts.get(n - 1)}, where the caller forwards to it (the nemesis soak's proxies).
     * The nodes' own listener stays for the traffic between brokers and the stack's own clients (its
     * readiness check, the tests' readers), so that a fault on the services' path never stops the quorum.
     */
    public record ServiceKafkaListeners(List<Integer> ports, List<Integer> advertisedPorts) {

        public static final ServiceKafkaListeners NONE = new ServiceKafkaListeners(List.of(), List.of());

        public ServiceKafkaListeners {
            ports = List.copyOf(ports);
            advertisedPorts = List.copyOf(advertisedPorts);
            if (ports.size() != advertisedPorts.size()) {
                throw new IllegalArgumentException(
                        "one advertised port per service listener: " + ports + ", " + advertisedPorts);
            }
        }

        public boolean isEnabled() {
            return !ports.isEmpty();
        }
    }

    /**
     * Every port the stack itself listens on: {@link Ports#uses()} and the nodes' service listeners, if
     * any (not the ports they advertise: someone else listens there).
     */
    List<PortUse> portUses() {
        List<PortUse> uses = new ArrayList<>(ports.uses());
        for (int n = 1; n <= serviceKafkaListeners.ports().size(); n++) {
            uses.add(new PortUse(
                    "Kafka node " + n + "'s service listener",
                    serviceKafkaListeners.ports().get(n - 1),
                    "StackSettings.serviceKafkaListeners"));
        }
        return uses;
    }

    /**
     * Every JVM of the local stack compiles with C1 only, never C2. Six JVMs on a laptop's few cores each
     * compiled the same Kafka, Jackson and Spring paths with C2 for minutes after they started: C2 threads
     * were 35-55 % of the stack's CPU while the end-to-end benchmark's round ran (per thread, jstack) and
     * most of each idle service's CPU. In that benchmark (AutoBolt alone, one after the other, 2026-12-02):
     * sites in 100 ms 130.3 -> 149.2 directories/s and 13.0 -> 7.6 ms of CPU a submission; at once,
     * 597 directories/s at 3.0 ms (233 at 9.8 the day before with C2). C1's code is slower than C2's,
     * which a long-running server on more cores would amortise: the image ({@code Dockerfile}) keeps
     * tiered compilation, and {@code AUTOBOLT_STACK_JAVA_OPTS} replaces this for the services.
     */
    public static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    /**
     * Default JVM options of each service process: small heaps, so the whole stack fits a laptop. The
     * heap starts small and grows as it is used (the default start, a 64th of the machine's memory,
     * was 384 MB here, most of it touched and kept by the idle services); IdleCostBenchmark measures
     * the idle stack's resident memory. And the C1 compiler only ({@link #C1_ONLY}).
     */
    public static final String DEFAULT_JAVA_OPTIONS = "-Xms64m -Xmx384m -XX:+UseSerialGC -Xss512k " + C1_ONLY;

    /**
     * The n-th instance of a kind (Kafka node, worker, projector) listens on the kind's port plus this
     * times (n − 1): the instances of one kind are easy to tell apart and never collide with another kind.
     */
    static final int INSTANCE_PORT_STEP = 100;

    /** One broker, or three: a quorum that survives the loss of one node (replication 3, min ISR 2). */
    static final List<Integer> BROKER_COUNTS = List.of(1, 3);

    /** More consumers than the task and result topics' 12 partitions would sit idle. */
    static final int MAX_INSTANCES = 12;

    static final int DEFAULT_WORKERS = 2;

    /**
     * A worker's or projector's actuator listens this far above its service port: the services keep
     * their actuator on a port of its own (loopback only by default), and the stack polls it there.
     */
    static final int MANAGEMENT_PORT_OFFSET = 1000;

    /**
     * The ports of the stack. Kafka node n listens for clients on {@code kafka.get(n - 1)} and for its
     * quorum on {@code kafkaControllers.get(n - 1)}; worker n and projector n on {@code workers.get(n - 1)}
     * and {@code projectors.get(n - 1)}. The lists' sizes are how many of each the stack runs.
     */
    public record Ports(
            int postgres,
            int sandbox,
            int api,
            List<Integer> kafka,
            List<Integer> kafkaControllers,
            List<Integer> workers,
            List<Integer> projectors) {

        public Ports {
            kafka = List.copyOf(kafka);
            kafkaControllers = List.copyOf(kafkaControllers);
            workers = List.copyOf(workers);
            projectors = List.copyOf(projectors);
            if (kafka.size() != kafkaControllers.size()) {
                throw new IllegalArgumentException(
                        "one controller port per Kafka node: " + kafka + ", " + kafkaControllers);
            }
        }

        /** Every port with the service that needs it and the environment variable that moves it. */
        public List<PortUse> uses() {
            List<PortUse> uses = new ArrayList<>();
            uses.add(new PortUse("PostgreSQL", postgres, "AUTOBOLT_STACK_POSTGRES_PORT"));
            addInstances(uses, "Kafka node", kafka, "AUTOBOLT_STACK_KAFKA_PORT");
            addInstances(uses, "Kafka node's controller", kafkaControllers, "AUTOBOLT_STACK_KAFKA_CONTROLLER_PORT");
            uses.add(new PortUse("directory sandbox", sandbox, "AUTOBOLT_STACK_SANDBOX_PORT"));
            uses.add(new PortUse("job-api", api, "AUTOBOLT_API_PORT"));
            addInstances(uses, "job-worker", workers, "AUTOBOLT_WORKER_PORT");
            addInstances(uses, "progress-projector", projectors, "AUTOBOLT_PROJECTOR_PORT");
            addInstances(
                    uses,
                    "job-worker actuator",
                    managementPorts(workers),
                    "AUTOBOLT_WORKER_PORT + " + MANAGEMENT_PORT_OFFSET);
            addInstances(
                    uses,
                    "progress-projector actuator",
                    managementPorts(projectors),
                    "AUTOBOLT_PROJECTOR_PORT + " + MANAGEMENT_PORT_OFFSET);
            return uses;
        }

        /** Where the actuator of the worker or projector on {@code servicePort} answers. */
        public static int managementPort(int servicePort) {
            return servicePort + MANAGEMENT_PORT_OFFSET;
        }

        private static List<Integer> managementPorts(List<Integer> servicePorts) {
            return servicePorts.stream().map(Ports::managementPort).toList();
        }

        private static void addInstances(List<PortUse> uses, String service, List<Integer> ports, String variable) {
            for (int n = 1; n <= ports.size(); n++) {
                String name = service + " " + n;
                if (n > 1) {
                    name += ", " + variable + " + " + (n - 1) * INSTANCE_PORT_STEP;
                }
                uses.add(new PortUse(name, ports.get(n - 1), variable));
            }
        }

        static Ports fromEnvironment(Function<String, String> env, int brokers, int workers, int projectors) {
            return new Ports(
                    port(env, "AUTOBOLT_STACK_POSTGRES_PORT", 5433),
                    port(env, "AUTOBOLT_STACK_SANDBOX_PORT", 8089),
                    port(env, "AUTOBOLT_API_PORT", 8080),
                    instances(port(env, "AUTOBOLT_STACK_KAFKA_PORT", 9094), brokers),
                    instances(port(env, "AUTOBOLT_STACK_KAFKA_CONTROLLER_PORT", 9095), brokers),
                    instances(port(env, "AUTOBOLT_WORKER_PORT", 8081), workers),
                    instances(port(env, "AUTOBOLT_PROJECTOR_PORT", 8082), projectors));
        }

        private static List<Integer> instances(int first, int count) {
            return IntStream.range(0, count)
                    .mapToObj(i -> first + i * INSTANCE_PORT_STEP)
                    .toList();
        }

        private static int port(Function<String, String> env, String variable, int defaultPort) {
            String value = env.apply(variable);
            if (value == null || value.isBlank()) {
                return defaultPort;
            }
            try {
                int port = Integer.parseInt(value.trim());
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                return port;
            } catch (NumberFormatException e) {
                throw new StackException(variable + " must be a port number (1-65535), was '" + value + "'");
            }
        }
    }

    /** A port, the service that needs it and the environment variable that changes it. */
    public record PortUse(String service, int port, String variable) {}

    /** How many Kafka nodes (each broker and controller) the stack runs. */
    public int brokers() {
        return ports.kafka().size();
    }

    public Path dataDirectory() {
        return stackDirectory.resolve("data");
    }

    /** Kafka's data: node 1's log directory with one node, else each node's below it ({@link #kafkaNodeDirectory}). */
    public Path kafkaDirectory() {
        return dataDirectory().resolve("kafka");
    }

    /** Kafka node n's log directory (topics, consumer offsets, the change stream's offsets). */
    public Path kafkaNodeDirectory(int node) {
        return brokers() == 1 ? kafkaDirectory() : kafkaDirectory().resolve("node-" + node);
    }

    /**
     * The generated Kafka passwords, owner-readable only ({@link KafkaCredentials}). In the data
     * directory: the credentials are written into Kafka's metadata when it is formatted, so they live
     * and go ({@code --fresh}) with Kafka's data.
     */
    public Path kafkaCredentialsFile() {
        return dataDirectory().resolve("kafka-credentials.properties");
    }

    /** A Kafka client configuration with the stack's credentials, for Kafka's command-line tools. */
    public Path kafkaClientConfigFile() {
        return stackDirectory.resolve("kafka-client.properties");
    }

    public Path logDirectory() {
        return stackDirectory.resolve("logs");
    }

    public Path keysFile() {
        return stackDirectory.resolve("keys.properties");
    }

    /**
     * Settings from the command line ({@code --fresh}, {@code --dir=PATH}, {@code --brokers=N},
     * {@code --workers=N}, {@code --projectors=N}) and the environment.
     */
    static StackSettings fromCommandLine(String[] args, Function<String, String> env) {
        Path home = Path.of(orDefault(env.apply("AUTOBOLT_HOME"), "."))
                .toAbsolutePath()
                .normalize();
        Path stackDirectory = home.resolve(".autobolt");
        boolean fresh = false;
        int brokers = 1;
        int workers = DEFAULT_WORKERS;
        int projectors = 1;
        for (String arg : args) {
            if (arg.equals("--fresh")) {
                fresh = true;
            } else if (arg.startsWith("--dir=")) {
                stackDirectory = Path.of(arg.substring("--dir=".length())).toAbsolutePath();
            } else if (arg.startsWith("--brokers=")) {
                brokers = count(arg, "--brokers=");
                if (!BROKER_COUNTS.contains(brokers)) {
                    throw new StackException("--brokers must be 1 or 3, was " + brokers);
                }
            } else if (arg.startsWith("--workers=")) {
                workers = count(arg, "--workers=");
            } else if (arg.startsWith("--projectors=")) {
                projectors = count(arg, "--projectors=");
            } else if (!arg.equals("up")) {
                throw new StackException("unknown argument '" + arg + "'; " + CommandLine.USAGE);
            }
        }
        return new StackSettings(
                home,
                stackDirectory.normalize(),
                Ports.fromEnvironment(env, brokers, workers, projectors),
                fresh,
                orDefault(env.apply("AUTOBOLT_STACK_JAVA_OPTS"), DEFAULT_JAVA_OPTIONS));
    }

    private static int count(String arg, String option) {
        String value = arg.substring(option.length());
        try {
            int count = Integer.parseInt(value);
            if (count < 1 || count > MAX_INSTANCES) {
                throw new NumberFormatException();
            }
            return count;
        } catch (NumberFormatException e) {
            throw new StackException(option.substring(0, option.length() - 1) + " must be a number from 1 to "
                    + MAX_INSTANCES + ", was '" + value + "'");
        }
    }

    private static String orDefault(String value, String defaultValue) {
        return value == null || value.isBlank() ? defaultValue : value;
    }
}
