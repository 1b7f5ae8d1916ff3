package com.autobolt.api.cdc;

import com.autobolt.api.JobApiApplication;
import com.autobolt.api.support.DatabaseRoleProperties;
import com.autobolt.schemas.ChangeOperation;
import com.autobolt.testinfra.TestInfrastructure;
import com.autobolt.testinfra.kafka.KafkaServer;
import com.autobolt.testinfra.postgres.PostgresServer;
import com.autobolt.testinfra.postgres.TestDatabase;
import com.autobolt.testinfra.process.TestJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One test's change-stream world: its own database, slot and topics on the shared Postgres and
 * Kafka, and helpers to start job-api instances against them and to write rows as job-api would.
 */
public final class CdcTestSupport implements AutoCloseable {

    public static final String PROFILE =
            "{\"businessName\": \"Harbor Bakery\", \"email\": \"hello@harborbakery.example\"}";

    public final TestDatabase database = TestInfrastructure.postgres().createDatabase();
    public final KafkaServer kafka = TestInfrastructure.kafka();
    final String slotName = "cdc_" + database.name();
    public final String jobsTopic = kafka.uniqueName("cdc-jobs");
    final String directoriesTopic = kafka.uniqueName("cdc-directories");
    final String offsetTopic = kafka.uniqueName("cdc-offsets");
    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    /** Starts one job-api instance (no web server) with the change stream on. */
    ConfigurableApplicationContext startInstance(String... extraProperties) {
        return startInstance(WebApplicationType.NONE, extraProperties);
    }

    public ConfigurableApplicationContext startInstance(WebApplicationType type, String... extraProperties) {
        return startInstanceVia(type, database.jdbcUrl(), extraProperties);
    }

    /** Starts an instance that reaches the database through {@code jdbcUrl} (a {@link TcpProxy}, say). */
    ConfigurableApplicationContext startInstanceVia(
            WebApplicationType type, String jdbcUrl, String... extraProperties) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(JobApiApplication.class)
                .web(type)
                .run(arguments(jdbcUrl, extraProperties));
        instances.add(context);
        return context;
    }

    /**
     * Starts an instance in a JVM of its own, which a test can kill as an operating
     * system would; its output goes to {@code target/<slot>-*.log}.
     */
    Process startInstanceProcess(String... extraProperties) throws IOException {
        // As in production, a web application: its server's threads keep the JVM alive.
        Process process = TestJvm.start(
                JobApiApplication.class,
                "384m",
                Files.createTempFile(Path.of("target"), slotName + "-", ".log"),
                List.of(arguments(database.jdbcUrl(), extraProperties)));
        processes.add(process);
        return process;
    }

    /** Command-line arguments: they override application.properties, default properties do not. */
    private String[] arguments(String jdbcUrl, String... extraProperties) {
        List<String> properties = new ArrayList<>();
        DatabaseRoleProperties.of(database, jdbcUrl).forEach((key, value) -> properties.add(key + "=" + value));
        properties.addAll(List.of(
                "autobolt.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                // Fewer partitions than production's: the tests' broker serves many topics at once.
                "autobolt.kafka.topics.partitions=3",
                "autobolt.cdc.slot-name=" + slotName,
                // Also names the engine's JMX metrics: tests in one JVM must not share them.
                "autobolt.cdc.topic-prefix=autobolt_" + database.name(),
                "autobolt.cdc.jobs-topic=" + jobsTopic,
                "autobolt.cdc.directories-topic=" + directoriesTopic,
                "autobolt.cdc.offset-topic=" + offsetTopic,
                "autobolt.cdc.leadership-retry-interval=1s",
                "autobolt.cdc.heartbeat-interval=2s",
                // Stored often, so the slot confirms heartbeats within seconds rather than a minute.
                "autobolt.cdc.offset-flush-interval=2s",
                "server.port=0",
                // The reconciler has its own tests, which turn it on.
                "autobolt.reconciler.enabled=false",
                "management.endpoint.health.show-details=always",
                "management.endpoint.health.show-components=always"));
        properties.addAll(List.of(extraProperties));
        // One value per key, the last given winning: a repeated command-line argument would be joined.
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String property : properties) {
            int equals = property.indexOf('=');
            byKey.put(property.substring(0, equals), property.substring(equals + 1));
        }
        return byKey.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
    }

    static ChangeStreamStatus.Snapshot statusOf(ConfigurableApplicationContext instance) {
        return instance.getBean(ChangeStreamStatus.class).snapshot();
    }

    /**
     * Rows written before the engine's first snapshot ends arrive as one snapshot read of their latest
     * state, not as each change: waits until a fresh insert streams as a change.
     */
    public void awaitStreamingChanges(ChangeTopicsReader topics) {
        List<String> probes = new ArrayList<>();
        Awaitility.await()
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    String probe = "probe-" + UUID.randomUUID();
                    insertDirectory(probe);
                    probes.add(probe);
                    return probes.stream()
                            .flatMap(id -> topics.directoryEvents(id).stream())
                            .anyMatch(event -> event.op() == ChangeOperation.CREATED);
                });
    }

    public ChangeTopicsReader reader() {
        return new ChangeTopicsReader(kafka.bootstrapServers(), jobsTopic, directoriesTopic);
    }

    Connection connect() throws SQLException {
        return database.connect();
    }

    public UUID insertCustomer() throws SQLException {
        UUID id = UUID.randomUUID();
        long reference = Math.abs(id.getLeastSignificantBits() % 1_000_000_000L);
        execute(
                "INSERT INTO customers (id, reference, business_name, email, package_type) VALUES (?, ?, ?, ?, 'starter')",
                id,
                String.format("DB-2026-%09d", reference),
                "Harbor Bakery",
                id + "@example.com");
        return id;
    }

    public void insertDirectory(String id) throws SQLException {
        execute(
                "INSERT INTO directories (id, name, submission_url, submission_method, field_mapping, domain_authority)"
                        + " VALUES (?, ?, ?, 'form', '{\"name\": \"business_name\"}'::jsonb, 42)",
                id,
                "Directory " + id,
                "https://" + id + ".example/submit");
    }

    /** Inserts a pending job planned over {@code directoryIds}, with {@code profile} as its jsonb snapshot. */
    public UUID insertJob(UUID customerId, List<String> directoryIds, String profile) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection connection = connect();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO jobs (id, customer_id, package_type, directory_count, planned_directory_ids,"
                                + " dispatch_directory_ids, business_profile, progress_total)"
                                + " VALUES (?, ?, 'starter', ?, ?, ?, ?::jsonb, ?)")) {
            insert.setObject(1, id);
            insert.setObject(2, customerId);
            insert.setInt(3, directoryIds.size());
            insert.setArray(4, connection.createArrayOf("text", directoryIds.toArray()));
            insert.setArray(5, connection.createArrayOf("text", directoryIds.toArray()));
            insert.setString(6, profile);
            insert.setInt(7, directoryIds.size());
            insert.executeUpdate();
        }
        return id;
    }

    UUID insertJob(UUID customerId) throws SQLException {
        return insertJob(customerId, List.of("yelp-local", "city-guide"), PROFILE);
    }

    public int execute(String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    public long queryLong(String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (var result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    static List<String> directoryIds(int count) {
        // Random ids compress badly, so 500 of them are stored out of line (TOASTed).
        return IntStream.range(0, count)
                .mapToObj(i -> "dir-" + UUID.randomUUID().toString().replace("-", ""))
                .toList();
    }

    /**
     * Closes every instance (killing those in JVMs of their own), then drops the slot so it holds
     * back no WAL on the shared server.
     */
    @Override
    public void close() throws SQLException {
        for (ConfigurableApplicationContext instance : instances) {
            instance.close();
        }
        for (Process process : processes) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        PostgresServer server = TestInfrastructure.postgres();
        server.executeAsAdmin(
                "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = ? AND active_pid IS NOT NULL",
                slotName);
        server.executeAsAdmin(
                "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ?", slotName);
    }
}
