package com.autobolt.projector.progress;

import static com.autobolt.projector.progress.Results.at;
import static com.autobolt.projector.progress.Results.claimed;
import static com.autobolt.projector.progress.Results.ended;
import static com.autobolt.projector.progress.Results.pending;
import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.projector.progress.JobFixtures.JobRow;
import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.MessageKeys;
import com.autobolt.schemas.ResultStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Batches handed straight to {@link ResultProjection} on a real PostgreSQL, so each test decides
 * exactly which events share a transaction: the edges of moving counts by each batch's row changes
 * instead of recounting.
 */
class ResultProjectionIT {

    private static ProjectorHarness harness;
    private static ResultProjection projection;
    private static long offset;

    @BeforeAll
    static void setUp() {
        harness = new ProjectorHarness();
        ProgressRepository repository = new ProgressRepository(harness.jdbc);
        // A cache of two plans: the tests' jobs keep pushing each other out, so reads are exercised too.
        var properties =
                new ProjectorProperties(500, 1, "unused", Duration.ofMillis(200), Duration.ofSeconds(10), "unused", 2);
        projection = new ResultProjection(
                repository,
                new JobPlans(repository, properties),
                new TransactionTemplate(new DataSourceTransactionManager(harness.jdbc.getDataSource())),
                new ProjectorMetrics(new SimpleMeterRegistry()));
    }

    @AfterAll
    static void tearDown() {
        harness.close();
    }

    @Test
    void shouldFoldSeveralEventsForOneDirectoryInOneBatch() {
        UUID job = harness.fixtures.aPendingJob(2);
        project(
                pending(job, "dir-0", 1, 1),
                pending(job, "dir-1", 1, 1),
                claimed(job, "dir-0", 1, 2, "w"),
                ended(job, "dir-0", 1, ResultStatus.SUBMITTED, 3, "w"),
                ended(job, "dir-0", 1, ResultStatus.SUBMITTED, 3, "w"),
                claimed(job, "dir-0", 1, 4, "late"));

        assertThat(harness.fixtures.job(job)).isEqualTo(new JobRow("in_progress", 1, 2, 1, 1, 0, 0, 50, true, false));
        assertThat(harness.fixtures.times(job)).containsExactly(at(2), null);

        project(claimed(job, "dir-1", 1, 5, "w"), ended(job, "dir-1", 1, ResultStatus.FAILED, 6, "w"));

        assertThat(harness.fixtures.job(job)).isEqualTo(new JobRow("failed", 1, 2, 2, 1, 1, 0, 100, true, true));
        assertThat(harness.fixtures.times(job)).containsExactly(at(2), at(6));
    }

    @Test
    void shouldCompleteAtTheLatestResultEvenWhenAnEarlierBatchHadIt() {
        UUID job = harness.fixtures.aPendingJob(2);
        project(ended(job, "dir-0", 1, ResultStatus.SUBMITTED, 50, "w"));
        project(ended(job, "dir-1", 1, ResultStatus.SKIPPED, 10, "w"));

        assertThat(harness.fixtures.job(job)).isEqualTo(new JobRow("complete", 1, 2, 2, 1, 0, 1, 100, true, true));
        // Started when its first task was claimed: no claim came, so the result's time less its 50 ms.
        assertThat(harness.fixtures.times(job)).containsExactly(at(0), at(50));
    }

    @Test
    void shouldCountARetriedDirectoryOnlyWhenItsHigherAttemptEnds() {
        UUID job = aFailedJob();
        assertThat(harness.fixtures.retry(job)).isEqualTo(1);
        assertThat(harness.fixtures.job(job)).isEqualTo(new JobRow("pending", 2, 3, 1, 1, 0, 0, 33, true, false));

        project(
                ended(job, "dir-2", 1, ResultStatus.SKIPPED, 9, "stale"),
                pending(job, "dir-1", 2, 10),
                pending(job, "dir-2", 2, 10),
                claimed(job, "dir-1", 2, 11, "w2"),
                ended(job, "dir-1", 1, ResultStatus.SUBMITTED, 12, "stale"),
                ended(job, "dir-1", 2, ResultStatus.SUBMITTED, 13, "w2"),
                ended(job, "dir-2", 1, ResultStatus.SKIPPED, 14, "stale"));
        assertThat(harness.fixtures.job(job)).isEqualTo(new JobRow("in_progress", 2, 3, 2, 2, 0, 0, 66, true, false));

        project(claimed(job, "dir-2", 2, 15, "w2"));
        assertThat(harness.fixtures.job(job)).isEqualTo(new JobRow("in_progress", 2, 3, 2, 2, 0, 0, 66, true, false));

        project(ended(job, "dir-2", 2, ResultStatus.FAILED, 16, "w2"));
        assertThat(harness.fixtures.job(job)).isEqualTo(new JobRow("failed", 2, 3, 3, 2, 1, 0, 100, true, true));
        assertThat(harness.fixtures.times(job).get(1)).isEqualTo(at(16));
    }

    @Test
    void shouldCountADirectoryThatAHigherAttemptRestartsAsPendingAgain() {
        UUID job = harness.fixtures.aPendingJob(2);
        project(
                ended(job, "dir-0", 1, ResultStatus.SUBMITTED, 1, "w"),
                ended(job, "dir-1", 1, ResultStatus.FAILED, 2, "w"));
        assertThat(harness.fixtures.retry(job)).isEqualTo(1);
        project(pending(job, "dir-1", 2, 3), claimed(job, "dir-1", 2, 4, "w"));

        // dir-0 was not dispatched again, but a (stray) attempt-2 event restarts its row all the same.
        project(claimed(job, "dir-0", 2, 5, "w"));

        assertThat(harness.fixtures.job(job)).isEqualTo(new JobRow("in_progress", 2, 2, 0, 0, 0, 0, 0, true, false));
    }

    @Test
    void shouldReconcileTheCountsOfAJobReplannedWithoutResettingThem() {
        UUID job = aFailedJob();
        assertThat(harness.fixtures.retryKeepingCounts(job)).isEqualTo(1);

        project(pending(job, "dir-1", 2, 10));

        assertThat(harness.fixtures.job(job)).isEqualTo(new JobRow("pending", 2, 3, 1, 1, 0, 0, 33, true, false));
    }

    @Test
    void shouldLeaveTheJobUntouchedByABatchOfNoOps() {
        UUID job = harness.fixtures.aPendingJob(2);
        project(pending(job, "dir-0", 1, 1), ended(job, "dir-0", 1, ResultStatus.SUBMITTED, 2, "w"));
        long version = version(job);

        project(
                ended(job, "dir-0", 1, ResultStatus.SUBMITTED, 2, "w"),
                claimed(job, "dir-0", 1, 3, "late"),
                ended(job, "dir-0", 1, ResultStatus.FAILED, 4, "conflict"));

        assertThat(version(job)).isEqualTo(version);
        assertThat(harness.fixtures.job(job)).isEqualTo(new JobRow("in_progress", 1, 2, 1, 1, 0, 0, 50, true, false));
    }

    @Test
    void shouldSetAsideWhatPostgresRefusesAndProjectTheRestInOrderTheSameOnReplay() {
        UUID job = harness.fixtures.aPendingJobAlsoPlanning(UUID.randomUUID(), 2, "gone-dir");
        List<IncomingResult> batch = batch(
                pending(job, "dir-0", 1, 1),
                pending(job, "dir-1", 1, 1),
                claimed(job, "dir-0", 1, 2, "w"),
                ended(job, "gone-dir", 1, ResultStatus.SUBMITTED, 3, "w"),
                ended(job, "dir-0", 1, ResultStatus.SUBMITTED, 4, "w"),
                claimed(job, "dir-1", 1, 5, "w"),
                ended(job, "dir-1", 1, ResultStatus.FAILED, 6, "w"));

        List<Rejection> rejections = projection.project(batch);

        assertThat(rejections)
                .singleElement()
                .satisfies(rejection ->
                        assertThat(rejection.record()).isSameAs(batch.get(3).record()))
                .extracting(Rejection::reason)
                .asString()
                .contains("SQLState 23503", "not replaced");
        // Split around the refused result, the halves still landed in order: dir-0 keeps its claim time.
        assertThat(harness.fixtures.job(job)).isEqualTo(new JobRow("in_progress", 1, 3, 2, 1, 1, 0, 66, true, false));
        assertThat(harness.fixtures.times(job)).containsExactly(at(2), null);
        assertThat(harness.fixtures.results(job))
                .extracting(JobFixtures.ResultLine::status)
                .containsExactly("submitted", "failed");
        long version = version(job);

        assertThat(projection.project(batch))
                .extracting(Rejection::reason)
                .containsExactlyElementsOf(
                        rejections.stream().map(Rejection::reason).toList());
        assertThat(version(job)).as("a replayed batch changes nothing").isEqualTo(version);
    }

    /** A job of three directories whose first attempt ended: dir-0 submitted, dir-1 and dir-2 failed. */
    private static UUID aFailedJob() {
        UUID job = harness.fixtures.aPendingJob(3);
        project(
                ended(job, "dir-0", 1, ResultStatus.SUBMITTED, 1, "w"),
                ended(job, "dir-1", 1, ResultStatus.FAILED, 2, "w"),
                ended(job, "dir-2", 1, ResultStatus.FAILED, 3, "w"));
        return job;
    }

    private static void project(DirectoryResultReported... events) {
        assertThat(projection.project(batch(events))).isEmpty();
    }

    private static List<IncomingResult> batch(DirectoryResultReported... events) {
        return java.util.Arrays.stream(events)
                .map(event -> new IncomingResult(
                        new ConsumerRecord<>(
                                harness.resultsTopic,
                                0,
                                offset++,
                                MessageKeys.job(event.jobId()),
                                EventJson.write(event)),
                        event))
                .toList();
    }

    private static long version(UUID job) {
        return harness.jdbc.queryForObject("SELECT version FROM jobs WHERE id = ?", Long.class, job);
    }
}
