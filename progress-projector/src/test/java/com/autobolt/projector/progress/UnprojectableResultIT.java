package com.autobolt.projector.progress;

import static com.autobolt.projector.progress.Results.claimed;
import static com.autobolt.projector.progress.Results.ended;
import static com.autobolt.projector.progress.Results.pending;
import static com.autobolt.projector.progress.Results.unchecked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.autobolt.projector.progress.JobFixtures.JobRow;
import com.autobolt.projector.progress.JobFixtures.ResultLine;
import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.MessageKeys;
import com.autobolt.schemas.ResultStatus;
import com.autobolt.schemas.SubmissionEvidence;
import com.autobolt.testinfra.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Results PostgreSQL refuses to store (a NUL in the evidence, text longer than its column, a
 * directory missing from the catalog, a rule of the database the projector does not know) are set
 * aside without stopping anyone else's results; a transient failure is still retried until nothing
 * is lost.
 */
class UnprojectableResultIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String UNPROJECTABLE = UnprojectableResult.ERROR_CODE;
    private static final String PROJECTOR_NAME = "projector-under-test";

    @Test
    void shouldSetAsideWhatPostgresCannotStoreAndProjectTheRestOfItsBatch() throws Exception {
        try (var harness = new ProjectorHarness()) {
            // A rule of the database that the projector's own checks do not know (a later migration, say).
            harness.jdbc.execute("ALTER TABLE job_results ADD CONSTRAINT job_results_listing_not_withdrawn "
                    + "CHECK (listing_url NOT LIKE '%/withdrawn/%')");
            UUID a = harness.fixtures.aPendingJob(5);
            // On a's partition: one consumer's batch holds both jobs' results.
            UUID b = harness.fixtures.aPendingJobAlsoPlanning(onThePartitionOf(a), 5, "gone-dir");

            DirectoryResultReported nulInEvidence = unchecked(
                    a,
                    "dir-0",
                    ResultStatus.SUBMITTED,
                    3,
                    "https://listings.example/harbor",
                    null,
                    null,
                    new SubmissionEvidence(200, "{\"name\":\"Harbor\u0000Bakery\"}", 0));
            DirectoryResultReported longUrl = unchecked(
                    b,
                    "dir-0",
                    ResultStatus.SUBMITTED,
                    3,
                    "https://listings.example/" + "x".repeat(5000),
                    null,
                    null,
                    null);
            DirectoryResultReported longMessage = unchecked(
                    a, "dir-2", ResultStatus.FAILED, 4, null, "http_500", "Harbor says " + "e".repeat(3000), null);
            DirectoryResultReported uncatalogued = ended(b, "gone-dir", 1, ResultStatus.SUBMITTED, 5, "worker-b");
            DirectoryResultReported withdrawn = unchecked(
                    a, "dir-3", ResultStatus.SUBMITTED, 6, "https://listings.example/withdrawn/3", null, null, null);

            List<DirectoryResultReported> batch = new ArrayList<>();
            JobFixtures.directoryIds(5).forEach(dir -> batch.add(pending(a, dir, 1, 1)));
            JobFixtures.directoryIds(5).forEach(dir -> batch.add(pending(b, dir, 1, 1)));
            batch.addAll(List.of(
                    claimed(a, "dir-0", 1, 2, "worker-a"),
                    nulInEvidence,
                    longUrl,
                    ended(a, "dir-1", 1, ResultStatus.SUBMITTED, 3, "worker-a"),
                    longMessage,
                    ended(b, "dir-1", 1, ResultStatus.SUBMITTED, 4, "worker-b"),
                    ended(b, "dir-2", 1, ResultStatus.FAILED, 4, "worker-b"),
                    uncatalogued,
                    withdrawn,
                    ended(a, "dir-4", 1, ResultStatus.SKIPPED, 7, "worker-a"),
                    ended(b, "dir-3", 1, ResultStatus.SKIPPED, 7, "worker-b"),
                    ended(b, "dir-4", 1, ResultStatus.SUBMITTED, 8, "worker-b")));
            harness.publishAll(batch);
            ConfigurableApplicationContext projector = harness.startProjector(
                    "--autobolt.projector.concurrency=1", "--autobolt.projector.retry-max-interval=1s");

            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(harness.fixtures.job(a))
                            .isEqualTo(new JobRow("failed", 1, 5, 5, 1, 3, 1, 100, true, true)));
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(harness.fixtures.job(b))
                            .isEqualTo(new JobRow("in_progress", 1, 6, 5, 2, 2, 1, 83, true, false)));
            assertThat(harness.fixtures.countsMatchRows(a)).isTrue();
            assertThat(harness.fixtures.countsMatchRows(b)).isTrue();
            assertThat(harness.fixtures.results(a))
                    .extracting(ResultLine::directoryId, ResultLine::status, ResultLine::errorCode)
                    .containsExactly(
                            tuple("dir-0", "failed", UNPROJECTABLE),
                            tuple("dir-1", "submitted", null),
                            tuple("dir-2", "failed", UNPROJECTABLE),
                            tuple("dir-3", "failed", UNPROJECTABLE),
                            tuple("dir-4", "skipped", "captcha_required"));
            assertThat(harness.fixtures.results(b))
                    .extracting(ResultLine::directoryId, ResultLine::status, ResultLine::errorCode)
                    .containsExactly(
                            tuple("dir-0", "failed", UNPROJECTABLE),
                            tuple("dir-1", "submitted", null),
                            tuple("dir-2", "failed", "http_500"),
                            tuple("dir-3", "skipped", "captcha_required"),
                            tuple("dir-4", "submitted", null));

            // The replacement rows say why, in the projector's words only: nothing the site or worker wrote.
            Map<String, String> why = unprojectableMessages(harness);
            assertThat(why)
                    .hasEntrySatisfying(
                            a + "/dir-0",
                            message ->
                                    assertThat(message).contains("evidence.responseExcerpt contains a NUL character"))
                    .hasEntrySatisfying(
                            b + "/dir-0",
                            message -> assertThat(message)
                                    .contains("listingUrl has 5025 characters, more than the 2048 allowed"))
                    .hasEntrySatisfying(
                            a + "/dir-2",
                            message -> assertThat(message)
                                    .contains("errorMessage has 3012 characters, more than the 2000 allowed"))
                    .hasEntrySatisfying(
                            a + "/dir-3",
                            message -> assertThat(message)
                                    .contains("SQLState 23514, constraint job_results_listing_not_withdrawn"));
            assertThat(why.values())
                    .hasSize(4)
                    .allSatisfy(message -> assertThat(message)
                            .doesNotContain("Harbor", "listings.example", "/withdrawn/", "\u0000")
                            .hasSizeLessThan(ColumnLimits.ERROR_MESSAGE));
            assertThat(harness.jdbc.queryForObject(
                            "SELECT count(*) FROM job_results WHERE error_code = ? "
                                    + "AND (listing_url IS NOT NULL OR evidence IS NOT NULL)",
                            Integer.class,
                            UNPROJECTABLE))
                    .isZero();

            List<ConsumerRecord<String, byte[]>> deadLetters = harness.deadLetters(5, WAIT);
            assertThat(deadLetters)
                    .extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrderElementsOf(
                            Stream.of(nulInEvidence, longUrl, longMessage, uncatalogued, withdrawn)
                                    .map(EventJson::write)
                                    .toList());
            assertThat(deadLetters)
                    .allSatisfy(
                            record -> assertThat(header(record, com.autobolt.schemas.DeadLetterHeaders.ORIGINAL_TOPIC))
                                    .isEqualTo(harness.resultsTopic))
                    .extracting(record -> header(record, com.autobolt.schemas.DeadLetterHeaders.REASON))
                    .anySatisfy(reason -> assertThat(reason)
                            .startsWith("unprojectable result: evidence.responseExcerpt contains a NUL character")
                            .endsWith("replaced by a failed result with error code " + UNPROJECTABLE))
                    .anySatisfy(reason -> assertThat(reason).startsWith("unprojectable result: listingUrl has 5025"))
                    .anySatisfy(reason -> assertThat(reason).startsWith("unprojectable result: errorMessage has 3012"))
                    .anySatisfy(reason -> assertThat(reason)
                            .contains("SQLState 23514, constraint job_results_listing_not_withdrawn")
                            .endsWith("replaced by a failed result with error code " + UNPROJECTABLE))
                    .anySatisfy(reason -> assertThat(reason)
                            .contains("SQLState 23503, constraint job_results_directory_id_fkey")
                            .contains("not replaced, its failed result was refused too"));

            assertThat(ProjectorHarness.health(projector)
                            .at("/components/projection/status")
                            .asString())
                    .isEqualTo("UP");
            assertThat(ProjectorHarness.health(projector)
                            .at("/components/projection/details/deadLettered")
                            .asLong())
                    .isEqualTo(5);
            assertThat(ProjectorHarness.health(projector)
                            .at("/components/projection/details/lastDeadLetter/reason")
                            .asString())
                    .startsWith("unprojectable result: ");

            // And the consumer goes on with later results.
            UUID later = harness.fixtures.aPendingJob(1);
            harness.publishAll(
                    List.of(pending(later, "dir-0", 1, 10), ended(later, "dir-0", 1, ResultStatus.SUBMITTED, 11, "w")));
            await().atMost(WAIT)
                    .untilAsserted(() ->
                            assertThat(harness.fixtures.job(later).status()).isEqualTo("complete"));
        }
    }

    @Test
    void shouldRetryABatchThatFailedForATransientReasonAndLoseNothing() throws Exception {
        try (var harness = new ProjectorHarness()) {
            UUID job = harness.fixtures.aPendingJobAlsoPlanning(UUID.randomUUID(), 3, "gone-dir");
            // A short lock timeout makes a held lock a failure of every try instead of a wait.
            ConfigurableApplicationContext projector = harness.startProjector(
                    "--autobolt.projector.concurrency=1",
                    "--autobolt.projector.retry-max-interval=1s",
                    "--spring.datasource.hikari.connection-init-sql=SET lock_timeout = '200ms'",
                    "--spring.datasource.hikari.data-source-properties.ApplicationName=" + PROJECTOR_NAME);

            try (Connection locker = harness.jdbc.getDataSource().getConnection();
                    Statement statement = locker.createStatement()) {
                locker.setAutoCommit(false);
                statement.execute("SELECT 1 FROM jobs WHERE id = '" + job + "' FOR UPDATE");
                harness.publishAll(List.of(
                        pending(job, "dir-0", 1, 1),
                        pending(job, "dir-1", 1, 1),
                        pending(job, "dir-2", 1, 1),
                        ended(job, "dir-0", 1, ResultStatus.SUBMITTED, 2, "w"),
                        ended(job, "gone-dir", 1, ResultStatus.SUBMITTED, 3, "w"),
                        ended(job, "dir-1", 1, ResultStatus.SUBMITTED, 4, "w"),
                        ended(job, "dir-2", 1, ResultStatus.FAILED, 5, "w")));

                await().atMost(WAIT)
                        .untilAsserted(() -> assertThat(ProjectorHarness.health(projector)
                                        .at("/components/projection/details/reason")
                                        .asString())
                                .contains("lock timeout"));
                // The connections dropped as well: a lost connection is retried too.
                TestInfrastructure.postgres()
                        .executeAsAdmin(
                                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?",
                                PROJECTOR_NAME);
                Thread.sleep(1_500);
                assertThat(ProjectorHarness.health(projector)
                                .at("/components/projection/status")
                                .asString())
                        .isEqualTo("DOWN");
                assertThat(harness.fixtures.results(job)).isEmpty();
                locker.rollback();
            }

            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(harness.fixtures.job(job))
                            .isEqualTo(new JobRow("in_progress", 1, 4, 3, 2, 1, 0, 75, true, false)));
            assertThat(harness.fixtures.results(job))
                    .extracting(ResultLine::status, ResultLine::errorCode)
                    .containsExactly(tuple("submitted", null), tuple("submitted", null), tuple("failed", "http_500"));
            assertThat(harness.fixtures.countsMatchRows(job)).isTrue();
            // Only the result that can never be stored went to the dead-letter topic, none of those
            // that merely met a held lock or a dropped connection.
            assertThat(harness.deadLetters(2, Duration.ofSeconds(10)))
                    .extracting(record -> header(record, com.autobolt.schemas.DeadLetterHeaders.REASON))
                    .singleElement()
                    .asString()
                    .contains("SQLState 23503");
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(ProjectorHarness.health(projector)
                                    .at("/components/projection/status")
                                    .asString())
                            .isEqualTo("UP"));
        }
    }

    /** A job id whose results land on the same partition (of three) as {@code other}'s. */
    private static UUID onThePartitionOf(UUID other) {
        while (true) {
            UUID candidate = UUID.randomUUID();
            if (partition(candidate) == partition(other)) {
                return candidate;
            }
        }
    }

    private static int partition(UUID job) {
        return BuiltInPartitioner.partitionForKey(MessageKeys.job(job).getBytes(StandardCharsets.UTF_8), 3);
    }

    /** The error message of each row replaced as unprojectable, by "job/directory". */
    private static Map<String, String> unprojectableMessages(ProjectorHarness harness) {
        Map<String, String> messages = new java.util.HashMap<>();
        harness.jdbc.query(
                "SELECT job_id, directory_id, error_message FROM job_results WHERE error_code = ?",
                rs -> {
                    messages.put(rs.getString(1) + "/" + rs.getString(2), rs.getString(3));
                },
                UNPROJECTABLE);
        return messages;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
