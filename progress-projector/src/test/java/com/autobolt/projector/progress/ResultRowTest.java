package com.autobolt.projector.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.ResultStatus;
import com.autobolt.schemas.TaskId;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ResultRowTest {

    private static final UUID JOB = UUID.randomUUID();
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void shouldCreateTheRowFromTheFirstEvent() {
        ResultRow row = ResultRow.apply(null, event(1, ResultStatus.PENDING, 0));

        assertThat(row.status()).isEqualTo(ResultStatus.PENDING);
        assertThat(row.attempt()).isEqualTo(1);
        assertThat(row.updatedAt()).isEqualTo(T0);
    }

    @Test
    void shouldAdvanceThroughClaimedToSubmitted() {
        ResultRow claimed = ResultRow.apply(
                ResultRow.apply(null, event(1, ResultStatus.PENDING, 0)), event(1, ResultStatus.CLAIMED, 1));
        ResultRow submitted = ResultRow.apply(claimed, event(1, ResultStatus.SUBMITTED, 2));

        assertThat(submitted.status()).isEqualTo(ResultStatus.SUBMITTED);
        assertThat(submitted.workerId()).isEqualTo("worker-a");
        assertThat(submitted.claimedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(submitted.submittedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(submitted.listingUrl()).isEqualTo("https://listing/1");
    }

    @Test
    void shouldTakeTheClaimTimeFromAResultThatCameWithoutItsClaim() {
        DirectoryResultReported submitted = DirectoryResultReported.of(
                        new TaskId(JOB, "dir-a", 1), ResultStatus.SUBMITTED, T0.plusSeconds(2))
                .workerId("worker-a")
                .durationMs(1_250L)
                .build();

        ResultRow fromPending = ResultRow.apply(ResultRow.apply(null, event(1, ResultStatus.PENDING, 0)), submitted);
        ResultRow first = ResultRow.apply(null, submitted);

        assertThat(fromPending.claimedAt()).isEqualTo(T0.plusMillis(750));
        assertThat(first.claimedAt()).isEqualTo(T0.plusMillis(750));
        assertThat(fromPending.submittedAt()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void shouldDeriveNoClaimTimeFromADurationOrTimeNoClaimCouldHave() {
        DirectoryResultReported endless = DirectoryResultReported.of(
                        new TaskId(JOB, "dir-a", 1), ResultStatus.SUBMITTED, T0)
                .workerId("worker-a")
                .durationMs(Long.MAX_VALUE)
                .build();
        DirectoryResultReported atTheStartOfTime = DirectoryResultReported.of(
                        new TaskId(JOB, "dir-a", 1), ResultStatus.FAILED, Instant.MIN)
                .workerId("worker-a")
                .durationMs(1L)
                .build();
        DirectoryResultReported atTheEndOfTime = DirectoryResultReported.of(
                        new TaskId(JOB, "dir-a", 1), ResultStatus.FAILED, Instant.MAX)
                .workerId("worker-a")
                .durationMs(Long.MAX_VALUE)
                .build();

        assertThat(ResultRow.apply(null, endless).claimedAt()).isNull();
        assertThat(ResultRow.apply(null, atTheStartOfTime).claimedAt()).isNull();
        assertThat(ResultRow.apply(null, atTheEndOfTime).claimedAt())
                .isEqualTo(Instant.MAX.minusMillis(Long.MAX_VALUE));
    }

    @Test
    void shouldKeepTheClaimsOwnTimeAndLeaveResultsThatNeverRanUnclaimed() {
        ResultRow claimed = ResultRow.apply(null, event(1, ResultStatus.CLAIMED, 1));
        DirectoryResultReported submitted = DirectoryResultReported.of(
                        new TaskId(JOB, "dir-a", 1), ResultStatus.SUBMITTED, T0.plusSeconds(2))
                .workerId("worker-a")
                .durationMs(200L)
                .build();
        DirectoryResultReported skippedUnrun = DirectoryResultReported.of(
                        new TaskId(JOB, "dir-b", 1), ResultStatus.SKIPPED, T0.plusSeconds(3))
                .workerId("worker-a")
                .error("job_cancelled", "the job was cancelled before this directory was submitted")
                .build();

        assertThat(ResultRow.apply(claimed, submitted).claimedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(ResultRow.apply(null, skippedUnrun).claimedAt()).isNull();
        assertThat(ResultRow.apply(null, event(1, ResultStatus.PENDING, 0)).claimedAt())
                .isNull();
    }

    @Test
    void shouldIgnoreALateClaimAfterTheOutcome() {
        ResultRow submitted = ResultRow.apply(null, event(1, ResultStatus.SUBMITTED, 2));

        assertThat(ResultRow.apply(submitted, event(1, ResultStatus.CLAIMED, 3)))
                .isSameAs(submitted);
        assertThat(ResultRow.apply(submitted, event(1, ResultStatus.PENDING, 3)))
                .isSameAs(submitted);
    }

    @Test
    void shouldKeepTheFirstOutcomeOfAnAttempt() {
        ResultRow submitted = ResultRow.apply(null, event(1, ResultStatus.SUBMITTED, 2));

        assertThat(ResultRow.apply(submitted, event(1, ResultStatus.FAILED, 3))).isSameAs(submitted);
    }

    @Test
    void shouldIgnoreADuplicate() {
        DirectoryResultReported claimed = event(1, ResultStatus.CLAIMED, 1);
        ResultRow row = ResultRow.apply(null, claimed);

        assertThat(ResultRow.apply(row, claimed)).isSameAs(row);
    }

    @Test
    void shouldResetTheRowForAHigherAttempt() {
        ResultRow failed = ResultRow.apply(null, event(1, ResultStatus.FAILED, 2));

        ResultRow retried = ResultRow.apply(failed, event(2, ResultStatus.PENDING, 5));

        assertThat(retried.status()).isEqualTo(ResultStatus.PENDING);
        assertThat(retried.attempt()).isEqualTo(2);
        assertThat(retried.errorCode()).isNull();
        assertThat(ResultRow.apply(retried, event(1, ResultStatus.SUBMITTED, 6)))
                .isSameAs(retried);
    }

    private static DirectoryResultReported event(int attempt, ResultStatus status, int second) {
        var builder = DirectoryResultReported.of(new TaskId(JOB, "dir-a", attempt), status, T0.plusSeconds(second));
        if (status != ResultStatus.PENDING) {
            builder.workerId("worker-a");
        }
        if (status == ResultStatus.SUBMITTED) {
            builder.listingUrl("https://listing/1");
        }
        if (status == ResultStatus.FAILED) {
            builder.error("http_500", "server error");
        }
        return builder.build();
    }
}
