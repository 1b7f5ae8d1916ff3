package com.autobolt.stack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the local stack lives and which ports it takes.
 *
 * @param home the repository root, where the services' jars are built ({@code <module>/target})
 * @param stackDirectory keys, data ({@code data/}) and logs ({@code logs/}); {@code .autobolt} by default
 * @param fresh whether to delete the data directory before starting
 */
public record StackSettings(Path home, Path stackDirectory, Ports ports, boolean fresh, String javaOptions) {

    /** Default JVM options of each service process: small heaps, so the whole stack fits a laptop. */
    public static final String DEFAULT_JAVA_OPTIONS = "-Xmx384m -XX:+UseSerialGC -Xss512k";

    /** One port per service; each can be changed by the environment variable named in {@link #byVariable()}. */
    public record Ports(
            int postgres,
            int kafka,
            int kafkaController,
            int sandbox,
            int api,
            int worker1,
            int worker2,
            int projector) {

        /** Each port keyed by the environment variable that sets it, with the service's name. */
        public Map<String, PortUse> byVariable() {
            Map<String, PortUse> ports = new LinkedHashMap<>();
            ports.put("AUTOBOLT_STACK_POSTGRES_PORT", new PortUse("PostgreSQL", postgres));
            ports.put("AUTOBOLT_STACK_KAFKA_PORT", new PortUse("Kafka", kafka));
            ports.put("AUTOBOLT_STACK_KAFKA_CONTROLLER_PORT", new PortUse("Kafka's controller", kafkaController));
            ports.put("AUTOBOLT_STACK_SANDBOX_PORT", new PortUse("directory sandbox", sandbox));
            ports.put("AUTOBOLT_API_PORT", new PortUse("job-api", api));
            ports.put("AUTOBOLT_WORKER_PORT", new PortUse("job-worker 1", worker1));
            ports.put("AUTOBOLT_WORKER2_PORT", new PortUse("job-worker 2", worker2));
            ports.put("AUTOBOLT_PROJECTOR_PORT", new PortUse("progress-projector", projector));
            return ports;
        }

        static Ports fromEnvironment(Function<String, String> env) {
            return new Ports(
                    port(env, "AUTOBOLT_STACK_POSTGRES_PORT", 5433),
                    port(env, "AUTOBOLT_STACK_KAFKA_PORT", 9094),
                    port(env, "AUTOBOLT_STACK_KAFKA_CONTROLLER_PORT", 9095),
                    port(env, "AUTOBOLT_STACK_SANDBOX_PORT", 8089),
                    port(env, "AUTOBOLT_API_PORT", 8080),
                    port(env, "AUTOBOLT_WORKER_PORT", 8081),
                    port(env, "AUTOBOLT_WORKER2_PORT", 8083),
                    port(env, "AUTOBOLT_PROJECTOR_PORT", 8082));
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

    /** A port and the service that needs it. */
    public record PortUse(String service, int port) {}

    public Path dataDirectory() {
        return stackDirectory.resolve("data");
    }

    /** Kafka's log directory (topics, consumer offsets, the change stream's offsets). */
    public Path kafkaDirectory() {
        return dataDirectory().resolve("kafka");
    }

    public Path logDirectory() {
        return stackDirectory.resolve("logs");
    }

    public Path keysFile() {
        return stackDirectory.resolve("keys.properties");
    }

    /** Settings from the command line ({@code --fresh}, {@code --dir=PATH}) and the environment. */
    static StackSettings fromCommandLine(String[] args, Function<String, String> env) {
        Path home = Path.of(orDefault(env.apply("AUTOBOLT_HOME"), "."))
                .toAbsolutePath()
                .normalize();
        Path stackDirectory = home.resolve(".autobolt");
        boolean fresh = false;
        for (String arg : args) {
            if (arg.equals("--fresh")) {
                fresh = true;
            } else if (arg.startsWith("--dir=")) {
                stackDirectory = Path.of(arg.substring("--dir=".length())).toAbsolutePath();
            } else if (!arg.equals("up")) {
                throw new StackException("unknown argument '" + arg + "'; " + CommandLine.USAGE);
            }
        }
        return new StackSettings(
                home,
                stackDirectory.normalize(),
                Ports.fromEnvironment(env),
                fresh,
                orDefault(env.apply("AUTOBOLT_STACK_JAVA_OPTS"), DEFAULT_JAVA_OPTIONS));
    }

    private static String orDefault(String value, String defaultValue) {
        return value == null || value.isBlank() ? defaultValue : value;
    }
}
