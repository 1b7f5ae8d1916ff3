package com.autobolt.projector.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.schemas.JobStatus;
import com.autobolt.schemas.Progress;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobProgressTest {

    private static final Instant T1 = Instant.parse("2026-11-28T10:00:01Z");
    private static final Instant T9 = Instant.parse("2026-11-28T10:00:09Z");

    @Test
    void shouldStartAPendingJobAtTheFirstClaim() {
        JobProgress next = JobProgress.next(job(JobStatus.PENDING), counts(0, 0, 0, true));

        assertThat(next.status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(next.startedAt()).isEqualTo(T1);
        assertThat(next.completedAt()).isNull();
    }

    @Test
    void shouldStayPendingWhileEveryDirectoryIsPending() {
        assertThat(JobProgress.next(job(JobStatus.PENDING), counts(0, 0, 0, false))
                        .status())
                .isEqualTo(JobStatus.PENDING);
    }

    @Test
    void shouldCompleteWhenEveryDirectorySubmittedOrSkipped() {
        JobProgress next = JobProgress.next(job(JobStatus.IN_PROGRESS), counts(2, 0, 1, true));

        assertThat(next.status()).isEqualTo(JobStatus.COMPLETE);
        assertThat(next.progress().percent()).isEqualTo(100);
        assertThat(next.completedAt()).isEqualTo(T9);
    }

    @Test
    void shouldFailWhenEveryDirectoryEndedAndOneFailed() {
        JobProgress next = JobProgress.next(job(JobStatus.IN_PROGRESS), counts(1, 1, 1, true));

        assertThat(next.status()).isEqualTo(JobStatus.FAILED);
        assertThat(next.errorMessage()).isEqualTo("1 of 3 directories failed");
    }

    @Test
    void shouldKeepACancelledJobCancelledWhileCountingLateResults() {
        JobProgress next = JobProgress.next(job(JobStatus.CANCELLED), counts(3, 0, 0, true));

        assertThat(next.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(next.progress().submitted()).isEqualTo(3);
    }

    @Test
    void shouldReportNoChangeWhenNothingMoved() {
        LockedJob job = job(JobStatus.IN_PROGRESS);

        assertThat(JobProgress.next(job, counts(0, 0, 0, true)).differsFrom(JobProgress.of(job)))
                .isFalse();
    }

    private static LockedJob job(JobStatus status) {
        return new LockedJob(
                UUID.randomUUID(),
                status,
                1,
                Progress.of(3, 0, 0, 0),
                status == JobStatus.PENDING ? null : T1,
                null,
                null,
                T1);
    }

    private static ResultCounts counts(int submitted, int failed, int skipped, boolean started) {
        return new ResultCounts(UUID.randomUUID(), submitted, failed, skipped, started, T1, T9);
    }
}
