package com.autobolt.stack;

import com.autobolt.embedded.postgres.DatabaseRoles;
import com.autobolt.embedded.postgres.EmbeddedPostgres;
import com.autobolt.sandbox.Hostility;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local stack: a real PostgreSQL (logical WAL) and a real Kafka (one or three KRaft nodes, each its
 * own JVM, every listener authenticated), both keeping their data between starts, then the directory
 * sandbox with the demo catalog, job-api with the change stream, the job-workers (two by default),
 * the progress-projectors (one by default) and one reference HTTP worker in its automatic mode, each
 * its own JVM. {@link #stop()} (also on Ctrl-C) stops
 * them in reverse order.
 */
public final class LocalStack implements AutoCloseable {

    static final String DATABASE = "autobolt";
    /** The sandbox's host in the catalog's submission URLs, the one the workers may reach over http. */
    static final String SANDBOX_HOST = "127.0.0.1";

    private static final Duration HEALTH_TIMEOUT = Duration.ofMinutes(4);
    /** The reference worker over HTTP (module http-worker), which leases the tasks that need a person. */
    static final String HTTP_WORKER = "http-worker";
    /**
     * Every JVM of the stack hands the native memory it freed back to the system every 30 s: glibc keeps
     * what the JIT compilers and network buffers freed, so an idle service held 17–38 MB it no longer
     * used, a Kafka node 122 MB (jcmd System.trim_native_heap on a soak's processes, 2026-12-01). A trim
     * costs milliseconds. Not among the replaceable java options: it is wanted whatever the heap.
     */
    static final String TRIM_NATIVE_HEAP = "-XX:TrimNativeHeapInterval=30000";

    /** A client of job-api's HTTP API only: a small heap is plenty. */
    private static final List<String> HTTP_WORKER_JAVA_OPTIONS =
            List.of("-Xms16m", "-Xmx64m", "-XX:+UseSerialGC", StackSettings.C1_ONLY);

    private final StackSettings settings;
    private final List<ServiceProcess> services = new ArrayList<>();
    /** How each service process but Kafka's nodes was started, to start it again the same way ({@link #restart}). */
    private final Map<String, Launch> launches = new HashMap<>();

    private EmbeddedPostgres postgres;
    private KafkaCluster kafka;
    private DatabaseRoles roles;
    private DemoKeys keys;
    private boolean stopped;
    private Thread demoThread;

    private LocalStack(StackSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) {
        CommandLine command;
        try {
            command = CommandLine.parse(args, System::getenv);
        } catch (StackException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        StackSettings settings = command.settings();
        if (command.demo() && DemoCommand.stackIsRunning(settings)) {
            runDemoAlone(command);
            return;
        }
        LocalStack stack = new LocalStack(settings);
        CountDownLatch stoppedLatch = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stack.stop();
                            if (stack.startedPostgres()) {
                                System.out.println("stopped; data kept in " + settings.dataDirectory());
                            }
                            stoppedLatch.countDown();
                        },
                        "local-stack-shutdown"));
        stopOnSignals(stack);
        try {
            stack.run();
        } catch (StackException e) {
            if (stack.isStopped()) {
                return; // stopped by a signal while starting; the shutdown hook waits for the stop
            }
            System.err.println("\nthe local stack could not start: " + e.getMessage());
            System.exit(1);
        }
        System.out.println(stack.summary());
        if (command.demo()) {
            stack.runDemo(command.packages());
        }
        try {
            stoppedLatch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void runDemoAlone(CommandLine command) {
        try {
            DemoCommand.runAgainstRunningStack(command.settings(), command.packages());
        } catch (StackException e) {
            System.err.println("\nthe demo stopped: " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The demo in this process's terminal; Ctrl-C interrupts it and stops the stack. */
    private void runDemo(List<String> packages) {
        synchronized (this) {
            demoThread = Thread.currentThread();
        }
        try {
            DemoCommand.run(new ApiClient(apiBaseUrl(), keys.staff()), packages);
            System.out.println("\nThe stack stays up: look at the jobs on " + apiBaseUrl()
                    + "/ . Press Ctrl-C to stop everything.");
        } catch (StackException e) {
            if (!isStopped()) {
                System.err.println("\nthe demo stopped: " + e.getMessage() + "\nThe stack stays up; Ctrl-C stops it.");
            }
        } catch (InterruptedException e) {
            // Ctrl-C: the signal handler stops the stack
        } finally {
            synchronized (this) {
                demoThread = null;
            }
        }
    }

    /**
     * Ctrl-C (SIGINT) and SIGTERM stop the stack before the JVM starts shutting down, in order: the
     * services must still reach Kafka while they stop (job-api stores its change-stream offsets there).
     */
    @SuppressWarnings("sunapi")
    private static void stopOnSignals(LocalStack stack) {
        for (String name : List.of("INT", "TERM", "HUP")) {
            try {
                sun.misc.Signal.handle(
                        new sun.misc.Signal(name),
                        signal -> new Thread(
                                        () -> {
                                            stack.interruptDemo();
                                            System.out.println(
                                                    "\nstopping the AutoBolt local stack (SIG" + name + ")...");
                                            stack.stop();
                                            System.exit(0);
                                        },
                                        "local-stack-stop")
                                .start());
            } catch (IllegalArgumentException e) {
                // the signal is reserved or ignored here: the shutdown hook still stops the stack
            }
        }
    }

    /** Starts the whole stack; on failure stops what was started and throws. */
    public static LocalStack start(StackSettings settings) {
        LocalStack stack = new LocalStack(settings);
        try {
            stack.run();
            return stack;
        } catch (RuntimeException e) {
            stack.stop();
            throw e;
        }
    }

    private void run() {
        StackSettings.Ports ports = settings.ports();
        PortCheck.requireFree(settings.portUses());
        Jars jars = Jars.find(settings.home());
        if (settings.fresh()) {
            deleteTree(settings.dataDirectory());
        }
        keys = DemoKeys.loadOrCreate(settings.keysFile());
        startPostgres(ports.postgres());
        kafka = KafkaCluster.start(settings, jars.localStack(), this::launch);

        String sandboxUrl = "http://" + SANDBOX_HOST + ":" + ports.sandbox();
        List<DemoCatalog.Entry> catalog = DemoCatalog.entries(sandboxUrl);
        Path sandboxConfig = writeSandboxConfig(ports.sandbox(), catalog);
        ServiceProcess sandbox = launch(
                "directory-sandbox",
                List.of(
                        "-Xms32m",
                        "-Xmx128m",
                        "-XX:+UseSerialGC",
                        StackSettings.C1_ONLY,
                        "-Dloader.main=com.autobolt.sandbox.DirectorySandboxMain",
                        "-jar",
                        jars.localStack().toString(),
                        sandboxConfig.toString()),
                Map.of());
        awaitPort(sandbox, ports.sandbox());

        ServiceProcess api = launch("job-api", serviceArguments(jars.jobApi()), apiEnvironment());
        api.awaitHealthy(healthUrl(ports.api()), HEALTH_TIMEOUT);
        DemoSeeder.seed(new ApiClient(apiBaseUrl(), keys.admin()), catalog);

        Map<ServiceProcess, Integer> started = new LinkedHashMap<>();
        for (int n = 1; n <= ports.projectors().size(); n++) {
            int port = ports.projectors().get(n - 1);
            started.put(launch(projectorName(n), serviceArguments(jars.projector()), projectorEnvironment(port)), port);
        }
        for (int n = 1; n <= ports.workers().size(); n++) {
            int port = ports.workers().get(n - 1);
            started.put(launch(workerName(n), serviceArguments(jars.worker()), workerEnvironment(n, port)), port);
        }
        started.forEach((service, port) ->
                service.awaitHealthy(healthUrl(StackSettings.Ports.managementPort(port)), HEALTH_TIMEOUT));
        launchHttpWorker(jars.httpWorker());
    }

    /**
     * The reference HTTP worker with {@code --auto}: it leases the tasks job-api keeps for workers over
     * HTTP (the directories that need a login or a captcha) and submits them to the sandbox, standing
     * in for the person. It has no port and no health endpoint; its log says what it does. Its key comes
     * in the environment, never on the command line (which every local user can read).
     */
    private void launchHttpWorker(Path jar) {
        List<String> arguments = new ArrayList<>(HTTP_WORKER_JAVA_OPTIONS);
        arguments.addAll(List.of("-jar", jar.toString(), "--api=" + apiBaseUrl(), "--auto"));
        launch(HTTP_WORKER, arguments, Map.of("AUTOBOLT_HTTP_WORKER_KEY", keys.worker()));
    }

    static String workerName(int n) {
        return "job-worker-" + n;
    }

    static String projectorName(int n) {
        return "progress-projector-" + n;
    }

    private synchronized void startPostgres(int port) {
        checkNotStopped();
        System.out.println("starting PostgreSQL on port " + port + "...");
        postgres = EmbeddedPostgres.start(new EmbeddedPostgres.Options(
                settings.dataDirectory().resolve("postgres"),
                port,
                false,
                true,
                // A laptop's database of a few thousand jobs: PostgreSQL's default 128 MB of shared buffers
                // is more than it holds, and every backend keeps the pages of it that it touched resident
                // (IdleCostBenchmark, rss_mb_postgresql); the OS page cache still holds what they do not.
                Map.of("shared_buffers", "32MB")));
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/" + postgres.maintenanceDatabase();
        try (Connection connection = DriverManager.getConnection(url, postgres.username(), postgres.password());
                Statement statement = connection.createStatement()) {
            // The production roles, with new passwords at every start: nothing to keep or leak.
            roles = DatabaseRoles.createWithNewPasswords(connection);
            boolean exists;
            try (ResultSet existing =
                    statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                exists = existing.next();
            }
            if (!exists) {
                statement.execute("CREATE DATABASE " + DATABASE + " OWNER "
                        + roles.owner().username());
            }
        } catch (SQLException e) {
            throw new StackException("could not create database " + DATABASE + ": " + e.getMessage(), e);
        }
        giveSchemaToOwner();
    }

    /**
     * A stack created before the roles existed has its database and tables owned by the administrator;
     * job-api's migrations now run as the owner role, which must own them to grant on them.
     */
    private void giveSchemaToOwner() {
        String owner = roles.owner().username();
        try (Connection connection = connectDatabase();
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER DATABASE " + DATABASE + " OWNER TO " + owner);
            statement.execute("""
                    DO $adopt$
                    DECLARE item record;
                    BEGIN
                        FOR item IN SELECT tablename FROM pg_tables
                                    WHERE schemaname = 'public' AND tableowner <> '%1$s' LOOP
                            EXECUTE format('ALTER TABLE public.%%I OWNER TO %1$s', item.tablename);
                        END LOOP;
                        FOR item IN SELECT sequencename FROM pg_sequences
                                    WHERE schemaname = 'public' AND sequenceowner <> '%1$s' LOOP
                            EXECUTE format('ALTER SEQUENCE public.%%I OWNER TO %1$s', item.sequencename);
                        END LOOP;
                        FOR item IN SELECT pubname FROM pg_publication WHERE pubowner <> '%1$s'::regrole LOOP
                            EXECUTE format('ALTER PUBLICATION %%I OWNER TO %1$s', item.pubname);
                        END LOOP;
                    END
                    $adopt$""".formatted(owner));
        } catch (SQLException e) {
            throw new StackException("could not give database " + DATABASE + " to " + owner + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts a process of the stack. One started again under the name of one that has exited (a Kafka
     * node restarted after a crash) takes its place in the stop order.
     */
    private synchronized ServiceProcess launch(
            String name, List<String> arguments, Map<String, String> extraEnvironment) {
        checkNotStopped();
        System.out.println("starting " + name + "...");
        Map<String, String> environment = new HashMap<>();
        // glibc gives each thread that allocates its own malloc arena (up to 8 per core), each kept
        // resident once touched; a JVM mallocs little (its compilers, buffers), so two are plenty.
        environment.put("MALLOC_ARENA_MAX", "2");
        if (!name.startsWith(KafkaCluster.NODE_NAME_PREFIX)) {
            if (!name.equals(HTTP_WORKER)) {
                // Kafka's nodes need no client login, and the HTTP worker talks to job-api only: neither
                // gets the Kafka credentials.
                environment.putAll(commonEnvironment());
            }
            // Logs for people to read, whatever the shell exports (JSON lines are for log collectors).
            environment.put("AUTOBOLT_LOG_FORMAT", "text");
            environment.putAll(settings.serviceEnvironment());
        }
        environment.putAll(extraEnvironment);
        launches.put(name, new Launch(arguments, extraEnvironment));
        List<String> jvmArguments = new ArrayList<>(arguments);
        jvmArguments.add(0, TRIM_NATIVE_HEAP);
        ServiceProcess service = ServiceProcess.start(
                name, jvmArguments, environment, settings.logDirectory().resolve(name + ".log"));
        for (int i = 0; i < services.size(); i++) {
            if (services.get(i).name().equals(name)) {
                services.set(i, service);
                return service;
            }
        }
        services.add(service);
        return service;
    }

    private List<String> serviceArguments(Path jar) {
        List<String> arguments =
                new ArrayList<>(List.of(settings.javaOptions().trim().split("\\s+")));
        arguments.add("-jar");
        arguments.add(jar.toString());
        return arguments;
    }

    /** Kafka, with the credentials every client of it uses (the database roles differ per service). */
    private Map<String, String> commonEnvironment() {
        return kafka.serviceEnvironment();
    }

    String databaseUrl() {
        return "jdbc:postgresql://127.0.0.1:" + settings.ports().postgres() + "/" + DATABASE;
    }

    /** Where the services reach the database: PostgreSQL itself, or the proxy in front of it. */
    private String serviceDatabaseUrl() {
        int port = settings.servicePostgresPort() == 0 ? settings.ports().postgres() : settings.servicePostgresPort();
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** job-api connects as three roles: its own, the schema's owner for migrations, the change stream's. */
    private Map<String, String> apiEnvironment() {
        Map<String, String> environment = new HashMap<>(Map.of(
                "AUTOBOLT_API_PORT", String.valueOf(settings.ports().api()),
                "AUTOBOLT_API_KEYS", keys.asApiKeysSetting(),
                "AUTOBOLT_API_KEYS_FILE", "",
                "AUTOBOLT_DB_URL", serviceDatabaseUrl(),
                "AUTOBOLT_DB_USER", roles.api().username(),
                "AUTOBOLT_DB_PASSWORD", roles.api().password(),
                "AUTOBOLT_DB_MIGRATION_USER", roles.owner().username(),
                "AUTOBOLT_DB_MIGRATION_PASSWORD", roles.owner().password(),
                "AUTOBOLT_CDC_DB_USER", roles.cdc().username(),
                "AUTOBOLT_CDC_DB_PASSWORD", roles.cdc().password()));
        // job-api keeps 2 idle connections of its own accord (its AUTOBOLT_API_DB_POOL_MIN_IDLE).
        return environment;
    }

    private Map<String, String> projectorEnvironment(int port) {
        return Map.of(
                "AUTOBOLT_PROJECTOR_PORT",
                String.valueOf(port),
                "AUTOBOLT_PROJECTOR_MANAGEMENT_PORT",
                String.valueOf(StackSettings.Ports.managementPort(port)),
                "AUTOBOLT_DB_URL",
                serviceDatabaseUrl(),
                "AUTOBOLT_DB_USER",
                roles.projector().username(),
                "AUTOBOLT_DB_PASSWORD",
                roles.projector().password(),
                // Listener metrics (spring.kafka.listener: batches projected) show each instance's share.
                "MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE",
                "health,info,metrics,prometheus");
    }

    private static Map<String, String> workerEnvironment(int number, int port) {
        return Map.of(
                "AUTOBOLT_WORKER_PORT",
                String.valueOf(port),
                "AUTOBOLT_WORKER_MANAGEMENT_PORT",
                String.valueOf(StackSettings.Ports.managementPort(port)),
                "AUTOBOLT_WORKER_WORKER_ID",
                "local-worker-" + number,
                // The sandbox is local and answers in well under a second; its hanging sites hang 15 s.
                // Shorter waits than the production defaults (10 s, 30 s, 30 s) let the demo's jobs
                // end in a minute or two instead of queueing behind those sites for many minutes.
                "AUTOBOLT_WORKER_HTTP_REQUESTTIMEOUT",
                "3s",
                "AUTOBOLT_WORKER_EXECUTOR_BREAKERCOOLDOWN",
                "5s",
                "AUTOBOLT_WORKER_EXECUTOR_BACKOFFMAX",
                "5s",
                // The sandbox is plain http on loopback, which the workers' egress policy refuses for
                // any host not allowed here (directory sites must be public https ones).
                "AUTOBOLT_WORKER_EGRESS_ALLOWEDHOSTS",
                SANDBOX_HOST);
    }

    /**
     * Waits until {@code service} listens on {@code port}, failing at once if it exits. As long as a
     * service's health may take ({@link #HEALTH_TIMEOUT}): a Kafka node started again beside a loaded
     * cluster stack (ClusterStackIT in CI, 13 JVMs on 2 cores) logged its first line 80 s after its
     * launch and listened 40 s later, past the minute this wait used to allow.
     */
    static void awaitPort(ServiceProcess service, int port) {
        long deadline = System.nanoTime() + HEALTH_TIMEOUT.toNanos();
        while (PortCheck.isFree(port)) {
            if (!service.isAlive() || System.nanoTime() > deadline) {
                throw new StackException(
                        service.name() + " did not start listening on port " + port + "; see " + service.logFile());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted");
            }
        }
    }

    private Path writeSandboxConfig(int port, List<DemoCatalog.Entry> catalog) {
        Path file = settings.stackDirectory().resolve("sandbox.json");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file, JsonMapper.builder().build().writeValueAsString(DemoCatalog.sandboxConfig(port, catalog)));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void checkNotStopped() {
        if (stopped) {
            throw new StackException("stopped while starting");
        }
    }

    /**
     * Stops the services in reverse order of start, waits for each, then Kafka and PostgreSQL. A
     * second caller (Ctrl-C during a stop, the shutdown hook) waits until the first one is done.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        for (int i = services.size() - 1; i >= 0; i--) {
            if (!isKafkaNode(services.get(i))) {
                services.get(i).stop();
            }
        }
        // Kafka's nodes were started first, so they stop last, and together (see stopAll).
        ServiceProcess.stopAll(services.stream().filter(LocalStack::isKafkaNode).toList());
        if (postgres != null) {
            postgres.stop();
        }
    }

    private static boolean isKafkaNode(ServiceProcess service) {
        return service.name().startsWith(KafkaCluster.NODE_NAME_PREFIX);
    }

    private synchronized void interruptDemo() {
        if (demoThread != null) {
            demoThread.interrupt();
        }
    }

    synchronized boolean startedPostgres() {
        return postgres != null;
    }

    synchronized boolean isStopped() {
        return stopped;
    }

    @Override
    public void close() {
        stop();
    }

    public String apiBaseUrl() {
        return "http://localhost:" + settings.ports().api();
    }

    StackSettings settings() {
        return settings;
    }

    public DemoKeys keys() {
        return keys;
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Bootstrap servers and credentials: what a Kafka client of this stack needs. */
    public Map<String, Object> kafkaClientProperties() {
        return kafka.adminProperties();
    }

    /** The stack's Kafka nodes, e.g. to kill one in a test. */
    KafkaCluster kafka() {
        return kafka;
    }

    /** A connection to the stack's database as the administrator, e.g. to check what the services wrote. */
    public Connection connectDatabase() throws SQLException {
        return DriverManager.getConnection(databaseUrl(), postgres.username(), postgres.password());
    }

    /** The pid of each service process (Kafka's nodes and the sandbox included), by its name, in start order. */
    public synchronized Map<String, Long> servicePidsByName() {
        Map<String, Long> pids = new LinkedHashMap<>();
        services.forEach(service -> pids.put(service.name(), service.pid()));
        return pids;
    }

    /** The pids of the service processes, in start order. */
    public synchronized List<Long> servicePids() {
        return services.stream().map(ServiceProcess::pid).toList();
    }

    /**
     * Kills a service process at once (SIGKILL), as a crash would: a Kafka node ({@code kafka-N}), the
     * sandbox, job-api, a worker, a projector or the HTTP worker, by its name. {@link #restart} starts it again.
     */
    public void kill(String name) {
        ServiceProcess service;
        synchronized (this) {
            service = services.stream()
                    .filter(s -> s.name().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no service " + name));
        }
        service.kill();
    }

    /**
     * Starts a killed service again as it was started first, and waits until it is healthy (a Kafka
     * node: until every node is a broker again; the HTTP worker, which has no health endpoint: not at all).
     */
    public void restart(String name) {
        if (name.startsWith(KafkaCluster.NODE_NAME_PREFIX)) {
            kafka.restartNode(Integer.parseInt(name.substring(KafkaCluster.NODE_NAME_PREFIX.length())));
            return;
        }
        Launch launch;
        synchronized (this) {
            launch = launches.get(name);
        }
        if (launch == null) {
            throw new IllegalArgumentException("no service " + name);
        }
        ServiceProcess service = launch(name, launch.arguments(), launch.environment());
        if (name.equals("directory-sandbox")) {
            awaitPort(service, settings.ports().sandbox());
        } else if (name.equals(HTTP_WORKER)) {
            // No port and no health endpoint: it polls job-api for leases, and its log says what it does.
            return;
        } else {
            service.awaitHealthy(healthUrl(healthPorts().get(name)), HEALTH_TIMEOUT);
        }
    }

    /** PostgreSQL stopped as a crash would ({@code pg_ctl stop -m immediate}) and started again at once. */
    public void restartPostgresImmediately() {
        EmbeddedPostgres server;
        synchronized (this) {
            checkNotStopped();
            server = postgres;
        }
        server.restartImmediately();
    }

    /** The port that answers {@code /actuator/health} of job-api, each worker and each projector, by name. */
    public Map<String, Integer> healthPorts() {
        StackSettings.Ports ports = settings.ports();
        Map<String, Integer> healthPorts = new LinkedHashMap<>();
        healthPorts.put("job-api", ports.api());
        for (int n = 1; n <= ports.workers().size(); n++) {
            healthPorts.put(
                    workerName(n),
                    StackSettings.Ports.managementPort(ports.workers().get(n - 1)));
        }
        for (int n = 1; n <= ports.projectors().size(); n++) {
            healthPorts.put(
                    projectorName(n),
                    StackSettings.Ports.managementPort(ports.projectors().get(n - 1)));
        }
        return healthPorts;
    }

    /** The directory sandbox's base URL (its {@code /submissions} lists every request it received). */
    public String sandboxBaseUrl() {
        return "http://" + SANDBOX_HOST + ":" + settings.ports().sandbox();
    }

    private record Launch(List<String> arguments, Map<String, String> environment) {}

    String summary() {
        StackSettings.Ports ports = settings.ports();
        StringBuilder text = new StringBuilder();
        text.append("\nAutoBolt local stack is up.\n\n");
        text.append("  Dashboard       ").append(apiBaseUrl()).append("/\n");
        text.append("  API base URL    ").append(apiBaseUrl()).append("/api\n");
        text.append("  OpenAPI UI      ").append(apiBaseUrl()).append("/swagger-ui.html\n");
        text.append("  Demo keys       (X-Api-Key or Authorization: Bearer)\n");
        text.append("    admin         ").append(keys.admin()).append('\n');
        text.append("    staff         ").append(keys.staff()).append('\n');
        text.append("    viewer        ").append(keys.viewer()).append('\n');
        text.append("    worker        ")
                .append(keys.worker())
                .append(" (")
                .append(DemoKeys.HTTP_WORKER_NAME)
                .append(": ./autobolt http-worker --key=...)\n");
        text.append("  Keys file       ").append(settings.keysFile()).append('\n');
        text.append("  PostgreSQL      jdbc:postgresql://127.0.0.1:")
                .append(ports.postgres())
                .append('/')
                .append(DATABASE)
                .append(" (user postgres, no password)\n");
        text.append("  Kafka           ")
                .append(kafkaBootstrapServers())
                .append(" (")
                .append(settings.brokers() == 1 ? "one node" : settings.brokers() + " nodes")
                .append(", SASL_PLAINTEXT with SCRAM-SHA-512, user ")
                .append(KafkaCredentials.CLIENT_USER)
                .append(")\n");
        text.append("  Kafka client    ")
                .append(settings.kafkaClientConfigFile())
                .append(" (credentials; kafka-topics.sh --command-config)\n");
        text.append("  Sandbox         http://127.0.0.1:")
                .append(ports.sandbox())
                .append(" (")
                .append(DemoCatalog.SIZE)
                .append(" demo directories, ")
                .append(Hostility.values().length)
                .append(" inactive hostile ones)\n");
        text.append("  HTTP worker     ")
                .append(HTTP_WORKER)
                .append(" --auto as ")
                .append(DemoKeys.HTTP_WORKER_NAME)
                .append(" (login and captcha directories; log ")
                .append(settings.logDirectory().resolve(HTTP_WORKER + ".log"))
                .append(")\n");
        text.append("  Services        ");
        synchronized (this) {
            services.forEach(
                    s -> text.append(s.name()).append(" (pid ").append(s.pid()).append(")  "));
        }
        text.append('\n');
        text.append("  Data            ").append(settings.dataDirectory()).append('\n');
        text.append("  Logs            ").append(settings.logDirectory()).append('\n');
        text.append("\nPress Ctrl-C to stop everything. Try:\n  curl -H 'X-Api-Key: ")
                .append(keys.viewer())
                .append("' ")
                .append(apiBaseUrl())
                .append("/api/stats\n");
        return text.toString();
    }

    private static String healthUrl(int port) {
        return "http://127.0.0.1:" + port + "/actuator/health";
    }

    static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new StackException("could not delete " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The built jars the stack runs. */
    record Jars(Path jobApi, Path worker, Path projector, Path httpWorker, Path localStack) {

        static Jars find(Path home) {
            return new Jars(
                    jar(home, "job-api"),
                    jar(home, "job-worker"),
                    jar(home, "progress-projector"),
                    jar(home, "http-worker"),
                    jar(home, "local-stack"));
        }

        private static Path jar(Path home, String module) {
            Path target = home.resolve(module).resolve("target");
            if (Files.isDirectory(target)) {
                try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, module + "-*.jar")) {
                    for (Path jar : jars) {
                        String name = jar.getFileName().toString();
                        if (!name.endsWith("-sources.jar") && !name.endsWith("-tests.jar")) {
                            return jar;
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            throw new StackException("no jar of " + module + " in " + target + "; build it with"
                    + " ./mvnw -q -DskipTests -Dspotless.check.skip=true -pl local-stack -am package"
                    + " (./autobolt up does that)");
        }
    }
}
