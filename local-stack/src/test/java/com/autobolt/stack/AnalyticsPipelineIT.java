package com.autobolt.stack;

import static com.autobolt.stack.StackTestSupport.jobView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.testinfra.RepositoryRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The analytics pipeline end to end on the shared stack (SASL Kafka, every service its own process): a
 * job's results go through the projectors' analytics stream to {@code autobolt.analytics.directory-outcomes},
 * and the reference subscriber ({@code examples/analytics-subscriber}, its built jar, as a user runs it),
 * killed once mid-stream, ends with exactly the job's outcomes in {@code job_results}.
 */
@Order(TestStacks.SHARED_STACK_ORDER)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsPipelineIT {

    private static final String OUTCOMES =
            "SELECT directory_id, attempt, status FROM analytics.outcomes" + " WHERE job_id = ? ORDER BY directory_id";
    private static final String ENDED_RESULTS = "SELECT directory_id, attempt, status FROM job_results"
            + " WHERE job_id = ? AND status IN ('submitted', 'failed', 'skipped') ORDER BY directory_id";

    private LocalStack stack;
    private ApiClient staff;
    private Process subscriber;
    private Path log;

    @BeforeAll
    void startTheStack() throws IOException {
        stack = TestStacks.shared();
        staff = new ApiClient(stack.apiBaseUrl(), stack.keys().staff());
        log = Files.createTempFile("analytics-subscriber", ".log");
    }

    @AfterAll
    void stopTheSubscriber() {
        if (subscriber != null) {
            subscriber.destroyForcibly();
        }
    }

    @Test
    void shouldGiveTheSubscriberExactlyTheJobsOutcomesAcrossAKill() throws Exception {
        String group = "analytics-pipeline-it-" + UUID.randomUUID();
        subscriber = startSubscriber(group);
        // Ordinary directories that neither hang nor wait a minimum interval (as HostileSitesIT picks them).
        List<String> directoryIds = IntStream.rangeClosed(1, 60)
                .filter(i -> i % 20 != 0)
                .mapToObj(i -> String.format("demo-%03d", i))
                .limit(50)
                .toList();
        UUID job = UUID.fromString(
                StackTestSupport.createJob(staff, "Counted Bakery", "restaurants", "starter", directoryIds));

        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> !rows(OUTCOMES, job).isEmpty());
        subscriber.destroyForcibly().waitFor();
        subscriber = startSubscriber(group);

        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> jobView(staff, job.toString()).terminal());
        List<String> ended = rows(ENDED_RESULTS, job);
        assertThat(ended).hasSize(directoryIds.size());
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(rows(OUTCOMES, job))
                        .as("the subscriber's outcomes (its log: %s)", log)
                        .isEqualTo(ended));
    }

    private Process startSubscriber(String group) throws IOException {
        Path jar;
        try (var files = Files.list(RepositoryRoot.find().resolve("examples/analytics-subscriber/target"))) {
            jar = files.filter(file -> file.getFileName().toString().matches("analytics-subscriber-.*\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "build examples/analytics-subscriber first (the reactor does, before local-stack)"));
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                jar.toString(),
                "--spring.datasource.url=" + stack.databaseUrl(),
                "--analytics.kafka.client-config-file=" + stack.settings().kafkaClientConfigFile(),
                "--analytics.kafka.group-id=" + group,
                "--analytics.kafka.properties[session.timeout.ms]=6000",
                "--server.port=0"));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    private List<String> rows(String query, UUID job) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection db = stack.connectDatabase();
                PreparedStatement statement = db.prepareStatement(query)) {
            statement.setObject(1, job);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getString(1) + ":" + result.getInt(2) + ":" + result.getString(3));
                }
            }
        }
        return rows;
    }
}
