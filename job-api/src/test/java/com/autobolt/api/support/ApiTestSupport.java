package com.autobolt.api.support;

import com.autobolt.testinfra.TestInfrastructure;
import com.autobolt.testinfra.postgres.TestDatabase;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The application on a real port against a real PostgreSQL, with the test keys configured. Each test
 * class brings its own database ({@link #configure}) and so its own application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ApiTestSupport {

    @LocalServerPort
    protected int port;

    // One small pool per test database, shared by the test classes on it.
    private static final Map<String, JdbcTemplate> FIXTURES = new ConcurrentHashMap<>();

    /**
     * The test's own access to the application's database, as the server's administrator: fixtures
     * play other parts of the system (the projector's rows, say) that job-api's role may not write.
     */
    protected JdbcTemplate jdbc;

    @Autowired
    void connectFixtures(@Value("${spring.datasource.url}") String url) {
        jdbc = FIXTURES.computeIfAbsent(url, ApiTestSupport::administratorTemplate);
    }

    private static JdbcTemplate administratorTemplate(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(TestInfrastructure.postgres().username());
        config.setPassword(TestInfrastructure.postgres().password());
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(0);
        return new JdbcTemplate(new HikariDataSource(config));
    }

    protected static void configure(DynamicPropertyRegistry registry, TestDatabase database) {
        DatabaseRoleProperties.of(database).forEach((key, value) -> registry.add(key, () -> value));
        registry.add("autobolt.security.api-keys", () -> TestKeys.CONFIGURATION);
        // The change stream has its own tests (package cdc); these exercise the REST API alone.
        registry.add("autobolt.cdc.enabled", () -> "false");
        // job-api is ready only while Kafka answers (its readiness group): a real broker, as in production.
        registry.add(
                "autobolt.kafka.bootstrap-servers",
                () -> TestInfrastructure.kafka().bootstrapServers());
        // The reconciler has its own tests (package reconcile); its repairs would need a broker.
        registry.add("autobolt.reconciler.enabled", () -> "false");
    }

    protected Api api() {
        return new Api(port);
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A valid new customer: a unique email, the given category. */
    protected static Map<String, Object> aCustomer(String category) {
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put(
                "businessName", "Acme Plumbing " + UUID.randomUUID().toString().substring(0, 6));
        customer.put("email", unique("owner") + "@acme-plumbing.example");
        customer.put("phone", "+1 555 0100");
        customer.put("website", "https://acme-plumbing.example");
        customer.put("city", "Springfield");
        customer.put("category", category);
        customer.put("packageType", "starter");
        return customer;
    }

    /** A valid new directory with a unique id. */
    protected static Map<String, Object> aDirectory(String category, int domainAuthority) {
        Map<String, Object> directory = new LinkedHashMap<>();
        directory.put("id", unique("dir"));
        directory.put("name", "Directory " + UUID.randomUUID().toString().substring(0, 6));
        directory.put("website", "https://directory.example");
        directory.put("category", category);
        directory.put("submissionUrl", "https://directory.example/submit");
        directory.put("submissionMethod", "form");
        directory.put("fieldMapping", Map.of("businessName", "company"));
        directory.put("domainAuthority", domainAuthority);
        return directory;
    }

    /** Inserts {@code count} active directories straight into the catalog; returns their ids. */
    protected List<String> insertDirectories(int count, String category, int domainAuthority) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = unique("seed");
            jdbc.update(
                    "INSERT INTO directories (id, name, category, submission_url, submission_method, domain_authority)"
                            + " VALUES (?, ?, ?, 'https://seed.example/submit', 'form', ?)",
                    id,
                    "Seed " + id,
                    category,
                    domainAuthority);
            ids.add(id);
        }
        return ids;
    }

    protected UUID createCustomer(String category) {
        Api.Response created = api().post("/api/customers", TestKeys.STAFF, aCustomer(category));
        if (created.status() != 201) {
            throw new IllegalStateException("could not create a customer: " + created);
        }
        return UUID.fromString(created.json().path("id").asString());
    }

    protected UUID createJob(UUID customerId, String packageType) {
        Api.Response created =
                api().post("/api/jobs", TestKeys.STAFF, Map.of("customerId", customerId, "packageType", packageType));
        if (created.status() != 201) {
            throw new IllegalStateException("could not create a job: " + created);
        }
        return UUID.fromString(created.json().path("id").asString());
    }

    /**
     * Plays the progress-projector (another module): records results for the job and moves it to
     * {@code failed}, with {@code failedCount} of its planned directories failed and the rest submitted.
     */
    protected List<String> failJob(UUID jobId, int failedCount) {
        List<String> planned = plannedDirectories(jobId);
        int attempt = jdbc.queryForObject("SELECT attempt FROM jobs WHERE id = ?", Integer.class, jobId);
        List<String> failed = planned.subList(0, failedCount);
        for (String directory : planned) {
            boolean fails = failed.contains(directory);
            jdbc.update(
                    "INSERT INTO job_results (job_id, directory_id, status, attempt, worker_id, error_code,"
                            + " error_message, submitted_at, duration_ms) VALUES (?, ?, ?, ?, 'worker-1', ?, ?, ?, 1200)"
                            + " ON CONFLICT (job_id, directory_id) DO UPDATE SET status = EXCLUDED.status,"
                            + " attempt = EXCLUDED.attempt",
                    jobId,
                    directory,
                    fails ? "failed" : "submitted",
                    attempt,
                    fails ? "http_500" : null,
                    fails ? "the directory answered 500" : null,
                    fails ? null : Timestamp.from(Instant.now()));
        }
        int submitted = planned.size() - failedCount;
        jdbc.update(
                "UPDATE jobs SET status = 'failed', started_at = now(), completed_at = now(), progress_submitted = ?,"
                        + " progress_failed = ?, progress_skipped = 0, progress_done = ?, progress_percent = 100,"
                        + " version = version + 1 WHERE id = ?",
                submitted,
                failedCount,
                planned.size(),
                jobId);
        return List.copyOf(failed);
    }

    /** The projector's recount of a job's progress, written out in SQL. */
    private static final String RECOUNT = """
            SELECT (count(*) FILTER (WHERE counted AND status = 'submitted'))::int AS progress_submitted,
                   (count(*) FILTER (WHERE counted AND status = 'failed'))::int AS progress_failed,
                   (count(*) FILTER (WHERE counted AND status = 'skipped'))::int AS progress_skipped,
                   (count(*) FILTER (WHERE counted AND status IN ('submitted', 'failed', 'skipped')))::int AS progress_done
            FROM (SELECT r.status,
                         NOT (r.directory_id = ANY (j.dispatch_directory_ids) AND r.attempt < j.attempt) AS counted
                  FROM jobs j JOIN job_results r ON r.job_id = j.id
                  WHERE j.id = ?) rows
            """;

    /**
     * The contract on jobs' counts between job-api and the projector (docs/design.md, Who writes what):
     * whoever writes them leaves them equal to a recount of job_results, in which a directory the
     * current attempt re-processes counts as pending until its row reaches that attempt.
     */
    protected void assertProgressIsTheRecount(UUID jobId) {
        org.assertj.core.api.Assertions.assertThat(jdbc.queryForList(
                        "SELECT progress_submitted, progress_failed, progress_skipped, progress_done FROM jobs"
                                + " WHERE id = ?",
                        jobId))
                .isEqualTo(jdbc.queryForList(RECOUNT, jobId));
    }

    protected List<String> plannedDirectories(UUID jobId) {
        return List.of(jdbc.queryForObject(
                "SELECT planned_directory_ids FROM jobs WHERE id = ?",
                (rs, row) -> (String[]) rs.getArray(1).getArray(),
                jobId));
    }

    protected int count(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Integer.class);
    }
}
