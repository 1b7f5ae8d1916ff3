package com.autobolt.projector.progress;

import static com.autobolt.projector.progress.Results.claimed;
import static com.autobolt.projector.progress.Results.ended;
import static com.autobolt.projector.progress.Results.pending;
import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.JobStatus;
import com.autobolt.schemas.Progress;
import com.autobolt.schemas.ResultStatus;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProgressDeltaTest {

    private static final UUID JOB = UUID.randomUUID();
    private static final Instant STARTED = Instant.parse("2026-11-28T09:00:00Z");

    @Test
    void shouldCountADirectoryThatEndsForTheFirstTime() {
        ProgressDelta delta = new ProgressDelta(job(JobStatus.IN_PROGRESS, 1, 4, 1, 0, 0));
        delta.add(row(pending(JOB, "dir-1", 1, 1)), row(ended(JOB, "dir-1", 1, ResultStatus.FAILED, 2, "w")), false);
        delta.add(null, row(ended(JOB, "dir-2", 1, ResultStatus.SKIPPED, 3, "w")), false);

        assertThat(delta.counts())
                .extracting(ResultCounts::submitted, ResultCounts::failed, ResultCounts::skipped)
                .containsExactly(1, 1, 1);
    }

    @Test
    void shouldCountARetriedDirectoryAsPendingUntilItsNewAttemptEnds() {
        ResultRow failedBefore = row(ended(JOB, "dir-1", 1, ResultStatus.FAILED, 1, "w"));
        // job-api's retry counts the failed directory as pending already: 1 submitted, 0 failed.
        LockedJob retried = job(JobStatus.IN_PROGRESS, 2, 2, 1, 0, 0);

        ProgressDelta claimedAgain = new ProgressDelta(retried);
        claimedAgain.add(failedBefore, row(claimed(JOB, "dir-1", 2, 2, "w")), true);
        ProgressDelta submittedNow = new ProgressDelta(retried);
        submittedNow.add(failedBefore, row(ended(JOB, "dir-1", 2, ResultStatus.SUBMITTED, 3, "w")), true);

        assertThat(claimedAgain.counts())
                .extracting(ResultCounts::submitted, ResultCounts::failed)
                .containsExactly(1, 0);
        assertThat(submittedNow.counts())
                .extracting(ResultCounts::submitted, ResultCounts::failed)
                .containsExactly(2, 0);
    }

    @Test
    void shouldUncountADirectoryThatAHigherAttemptRestarts() {
        ProgressDelta delta = new ProgressDelta(job(JobStatus.IN_PROGRESS, 2, 2, 1, 0, 0));
        delta.add(row(ended(JOB, "dir-0", 1, ResultStatus.SUBMITTED, 1, "w")), row(pending(JOB, "dir-0", 2, 2)), false);

        assertThat(delta.counts().submitted()).isZero();
    }

    @Test
    void shouldMoveAnInProgressJobWithoutARecountWhileItsStatusStays() {
        LockedJob job = job(JobStatus.IN_PROGRESS, 1, 3, 1, 0, 0);
        ProgressDelta delta = new ProgressDelta(job);
        delta.add(null, row(ended(JOB, "dir-1", 1, ResultStatus.SUBMITTED, 2, "w")), false);

        JobProgress next = JobProgress.next(job, delta.counts());

        assertThat(next.progress()).isEqualTo(Progress.of(3, 2, 0, 0));
        assertThat(delta.needsRecount(next)).isFalse();
    }

    @Test
    void shouldRecountWhenTheJobStartsOrFinishes() {
        assertThat(needsRecount(job(JobStatus.PENDING, 1, 2, 0, 0, 0), null, row(claimed(JOB, "dir-0", 1, 1, "w"))))
                .isTrue();
        assertThat(needsRecount(
                        job(JobStatus.IN_PROGRESS, 1, 2, 1, 0, 0),
                        null,
                        row(ended(JOB, "dir-1", 1, ResultStatus.SUBMITTED, 2, "w"))))
                .isTrue();
    }

    @Test
    void shouldNotRecountAPendingJobWhoseDirectoriesAreOnlyPlanned() {
        assertThat(needsRecount(job(JobStatus.PENDING, 1, 2, 0, 0, 0), null, row(pending(JOB, "dir-0", 1, 1))))
                .isFalse();
    }

    @Test
    void shouldRecountAPendingRetry() {
        assertThat(needsRecount(
                        job(JobStatus.PENDING, 2, 2, 1, 0, 0),
                        row(ended(JOB, "dir-1", 1, ResultStatus.FAILED, 1, "w")),
                        row(pending(JOB, "dir-1", 2, 2))))
                .isTrue();
    }

    /** Whether one row's change (of a directory the job's attempt dispatches) makes the job need a recount. */
    private static boolean needsRecount(LockedJob job, ResultRow before, ResultRow after) {
        ProgressDelta delta = new ProgressDelta(job);
        delta.add(before, after, true);
        return delta.needsRecount(JobProgress.next(job, delta.counts()));
    }

    private static ResultRow row(DirectoryResultReported event) {
        return ResultRow.apply(null, event);
    }

    private static LockedJob job(JobStatus status, int attempt, int total, int submitted, int failed, int skipped) {
        return new LockedJob(
                JOB,
                status,
                attempt,
                Progress.of(total, submitted, failed, skipped),
                status == JobStatus.PENDING && attempt == 1 ? null : STARTED,
                null,
                null,
                STARTED);
    }
}
