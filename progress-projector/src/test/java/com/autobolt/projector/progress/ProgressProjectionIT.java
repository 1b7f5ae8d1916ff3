package com.autobolt.projector.progress;

import static com.autobolt.projector.progress.Results.claimed;
import static com.autobolt.projector.progress.Results.ended;
import static com.autobolt.projector.progress.Results.pending;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.projector.progress.JobFixtures.JobRow;
import com.autobolt.schemas.ResultStatus;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** The projector on a real PostgreSQL and Kafka, scenario by scenario. */
class ProgressProjectionIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static ProjectorHarness harness;
    private static ConfigurableApplicationContext projector;

    @BeforeAll
    static void startProjector() {
        harness = new ProjectorHarness();
        projector = harness.startProjector("--autobolt.projector.retry-max-interval=1s");
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void shouldTakeAJobFromPendingToCompleteWithExactProgress() {
        UUID job = harness.fixtures.aPendingJob(4);
        List<String> dirs = JobFixtures.directoryIds(4);
        dirs.forEach(dir -> harness.publish(pending(job, dir, 1, 1)));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(harness.fixtures.results(job)).hasSize(4));
        assertThat(harness.fixtures.job(job).status()).isEqualTo("pending");

        harness.publish(claimed(job, "dir-0", 1, 2, "worker-a"));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(harness.fixtures.job(job))
                        .extracting(JobRow::status, JobRow::started)
                        .containsExactly("in_progress", true));

        harness.publish(ended(job, "dir-0", 1, ResultStatus.SUBMITTED, 3, "worker-a"));
        harness.publish(ended(job, "dir-1", 1, ResultStatus.SKIPPED, 4, "worker-b"));
        harness.publish(ended(job, "dir-2", 1, ResultStatus.SUBMITTED, 5, "worker-b"));
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(harness.fixtures.job(job).percent()).isEqualTo(75));

        harness.publish(ended(job, "dir-3", 1, ResultStatus.SUBMITTED, 6, "worker-a"));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(harness.fixtures.job(job))
                        .isEqualTo(new JobRow("complete", 1, 4, 4, 3, 0, 1, 100, true, true)));
        assertThat(harness.fixtures.results(job))
                .extracting(JobFixtures.ResultLine::status)
                .containsExactly("submitted", "skipped", "submitted", "submitted");
    }

    @Test
    void shouldProjectWhileAnotherTransactionInsertsRowsReferencingTheJob() throws Exception {
        UUID job = harness.fixtures.aPendingJob(2);
        // Inserting a row that references the job (job-api's external tasks, say) holds the job row
        // in KEY SHARE until it commits; the projector must not wait for that, or the two deadlock when
        // the inserter then wants a job the projector holds.
        try (Connection inserter = harness.jdbc.getDataSource().getConnection();
                Statement statement = inserter.createStatement()) {
            inserter.setAutoCommit(false);
            statement.execute("SELECT 1 FROM jobs WHERE id = '" + job + "' FOR KEY SHARE");
            harness.publishAll(List.of(
                    ended(job, "dir-0", 1, ResultStatus.SUBMITTED, 1, "w"),
                    ended(job, "dir-1", 1, ResultStatus.SUBMITTED, 2, "w")));
            await().atMost(WAIT)
                    .untilAsserted(
                            () -> assertThat(harness.fixtures.job(job).status()).isEqualTo("complete"));
            inserter.rollback();
        }
    }

    @Test
    void shouldTreatDuplicatesAndLateEventsAsNoOps() {
        UUID job = harness.fixtures.aPendingJob(2);
        var submitted = ended(job, "dir-0", 1, ResultStatus.SUBMITTED, 3, "worker-a");
        harness.publishAll(List.of(pending(job, "dir-0", 1, 1), pending(job, "dir-1", 1, 1), submitted));
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(harness.fixtures.job(job).done()).isEqualTo(1));
        long version = version(job);

        harness.publishAll(List.of(
                submitted,
                claimed(job, "dir-0", 1, 4, "worker-late"),
                pending(job, "dir-0", 1, 5),
                ended(job, "dir-0", 1, ResultStatus.FAILED, 6, "worker-late")));
        UUID marker = harness.fixtures.aPendingJob(1);
        harness.publish(pending(marker, "dir-0", 1, 1));
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(harness.fixtures.results(marker)).hasSize(1));

        assertThat(harness.fixtures.results(job).get(0))
                .extracting(JobFixtures.ResultLine::status, JobFixtures.ResultLine::workerId)
                .containsExactly("submitted", "worker-a");
        assertThat(version(job)).as("no aggregate update for no-op events").isEqualTo(version);
    }

    @Test
    void shouldCountRetriedDirectoriesAsPendingUntilTheirNewAttemptEnds() {
        UUID job = harness.fixtures.aPendingJob(3);
        harness.publishAll(List.of(
                ended(job, "dir-0", 1, ResultStatus.SUBMITTED, 1, "w"),
                ended(job, "dir-1", 1, ResultStatus.FAILED, 2, "w"),
                ended(job, "dir-2", 1, ResultStatus.FAILED, 3, "w")));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(harness.fixtures.job(job))
                        .isEqualTo(new JobRow("failed", 1, 3, 3, 1, 2, 0, 100, true, true)));

        assertThat(harness.fixtures.retry(job)).isEqualTo(1);
        harness.publish(pending(job, "dir-1", 2, 10));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(harness.fixtures.job(job))
                        .isEqualTo(new JobRow("pending", 2, 3, 1, 1, 0, 0, 33, true, false)));

        harness.publishAll(List.of(
                pending(job, "dir-2", 2, 10),
                claimed(job, "dir-1", 2, 11, "w2"),
                ended(job, "dir-1", 1, ResultStatus.SUBMITTED, 12, "stale-worker"),
                ended(job, "dir-1", 2, ResultStatus.SUBMITTED, 13, "w2")));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(harness.fixtures.job(job))
                        .isEqualTo(new JobRow("in_progress", 2, 3, 2, 2, 0, 0, 66, true, false)));

        harness.publish(ended(job, "dir-2", 2, ResultStatus.SUBMITTED, 14, "w2"));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(harness.fixtures.job(job))
                        .isEqualTo(new JobRow("complete", 2, 3, 3, 3, 0, 0, 100, true, true)));
    }

    @Test
    void shouldRecordLateResultsOfACancelledJobButKeepItCancelled() {
        UUID job = harness.fixtures.aPendingJob(2);
        harness.publishAll(List.of(pending(job, "dir-0", 1, 1), pending(job, "dir-1", 1, 1)));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(harness.fixtures.results(job)).hasSize(2));

        assertThat(harness.fixtures.cancel(job)).isEqualTo(1);
        harness.publishAll(List.of(
                ended(job, "dir-0", 1, ResultStatus.SUBMITTED, 2, "w"),
                ended(job, "dir-1", 1, ResultStatus.SKIPPED, 3, "w")));

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(harness.fixtures.job(job))
                        .extracting(JobRow::status, JobRow::done, JobRow::percent)
                        .containsExactly("cancelled", 2, 100));
    }

    @Test
    void shouldDeadLetterWhatItCannotApplyAndProjectTheRest() {
        UUID job = harness.fixtures.aPendingJob(2);
        UUID unknownJob = UUID.randomUUID();
        harness.publishRaw(job.toString(), "not json at all".getBytes(StandardCharsets.UTF_8));
        harness.publish(pending(job, "dir-0", 1, 1));
        harness.publishRaw(job.toString(), "{\"schemaVersion\":1,\"status\":\"completed\"}".getBytes());
        harness.publish(pending(unknownJob, "dir-0", 1, 1));
        harness.publish(pending(job, "dir-9", 1, 1));
        harness.publish(ended(job, "dir-0", 7, ResultStatus.SUBMITTED, 1, "w"));
        harness.publish(pending(job, "dir-1", 1, 1));

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(harness.fixtures.results(job)).hasSize(2));
        List<ConsumerRecord<String, byte[]>> deadLetters = harness.deadLetters(5, WAIT);
        assertThat(deadLetters)
                .extracting(record -> new String(record.headers()
                        .lastHeader(com.autobolt.schemas.DeadLetterHeaders.REASON)
                        .value()))
                .hasSize(5)
                .anySatisfy(reason -> assertThat(reason).contains("DirectoryResultReported"))
                .anySatisfy(reason -> assertThat(reason).contains("unknown job " + unknownJob))
                .anySatisfy(reason -> assertThat(reason).contains("directory dir-9 is not planned"))
                .anySatisfy(reason -> assertThat(reason).contains("attempt 7 is ahead of job"));
        assertThat(deadLetters)
                .allSatisfy(record -> assertThat(record.headers()
                                .lastHeader(com.autobolt.schemas.DeadLetterHeaders.ORIGINAL_TOPIC)
                                .value())
                        .asString()
                        .isEqualTo(harness.resultsTopic));
    }

    @Test
    void shouldReportDownWhileTheDatabaseIsUnreachableAndResumeWithoutLoss() throws Exception {
        UUID job = harness.fixtures.aPendingJob(3);
        harness.publish(pending(job, "dir-0", 1, 1));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(harness.fixtures.results(job)).hasSize(1));

        setConnectionsAllowed(false);
        try {
            harness.publishAll(List.of(
                    pending(job, "dir-1", 1, 2),
                    pending(job, "dir-2", 1, 2),
                    ended(job, "dir-0", 1, ResultStatus.SUBMITTED, 3, "w")));
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(
                                    health().at("/components/projection/status").asString())
                            .isEqualTo("DOWN"));
            // The first try may still meet a cut connection ("Connection is closed"); the retries
            // then find the database refusing new ones.
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(health().at("/components/projection/details/reason")
                                    .asString())
                            .contains("not currently accepting connections"));
            assertThat(health().at("/status").asString()).isEqualTo("DOWN");
        } finally {
            setConnectionsAllowed(true);
        }

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(harness.fixtures.job(job))
                        .extracting(JobRow::done, JobRow::status)
                        .containsExactly(1, "in_progress"));
        assertThat(harness.fixtures.results(job)).hasSize(3);
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(health().at("/status").asString()).isEqualTo("UP"));
    }

    private JsonNode health() throws Exception {
        return ProjectorHarness.health(projector);
    }

    /** Makes the projector's database refuse connections, and drops the ones it has. */
    private static void setConnectionsAllowed(boolean allowed) {
        var server = com.autobolt.testinfra.TestInfrastructure.postgres();
        String database = harness.database.name();
        server.executeAsAdmin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS " + allowed);
        if (!allowed) {
            server.executeAsAdmin(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()",
                    database);
        }
    }

    private static long version(UUID job) {
        return harness.jdbc.queryForObject("SELECT version FROM jobs WHERE id = ?", Long.class, job);
    }
}
