package com.autobolt.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatusVocabularyTest {

    @Test
    void shouldAllowOnlyTheDesignedJobTransitions() {
        assertThat(JobStatus.PENDING.moveTo(JobStatus.IN_PROGRESS)).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(JobStatus.FAILED.canMoveTo(JobStatus.PENDING)).isTrue();
        assertThat(JobStatus.IN_PROGRESS.canMoveTo(JobStatus.CANCELLED)).isTrue();
        assertThat(JobStatus.COMPLETE.canMoveTo(JobStatus.PENDING)).isTrue();
        assertThat(JobStatus.COMPLETE.canMoveTo(JobStatus.IN_PROGRESS)).isFalse();
        assertThat(JobStatus.CANCELLED.canMoveTo(JobStatus.IN_PROGRESS)).isFalse();
        assertThatThrownBy(() -> JobStatus.COMPLETE.moveTo(JobStatus.CANCELLED))
                .isInstanceOf(JobStatus.IllegalStatusTransitionException.class)
                .hasMessage("a job cannot move from complete to cancelled");
    }

    @Test
    void shouldNameTheValidValuesWhenAStatusIsUnknown() {
        assertThatThrownBy(() -> JobStatus.fromValue("completed"))
                .hasMessageContaining("pending, in_progress, complete, failed, cancelled");
        assertThatThrownBy(() -> ResultStatus.fromValue("done"))
                .hasMessageContaining("pending, claimed, submitted, failed, skipped");
    }

    @Test
    void shouldNeverMoveAResultBackwardsWithinAnAttempt() {
        assertThat(ResultStatus.CLAIMED.advances(ResultStatus.PENDING)).isTrue();
        assertThat(ResultStatus.SUBMITTED.advances(ResultStatus.CLAIMED)).isTrue();
        assertThat(ResultStatus.CLAIMED.advances(ResultStatus.SUBMITTED)).isFalse();
        assertThat(ResultStatus.FAILED.advances(ResultStatus.SUBMITTED)).isFalse();
        assertThat(ResultStatus.SUBMITTED.advances(ResultStatus.SUBMITTED)).isFalse();
    }

    @Test
    void shouldComputeProgressWithOneFormula() {
        Progress progress = Progress.of(3, 1, 0, 0);

        assertThat(progress.done()).isEqualTo(1);
        assertThat(progress.pending()).isEqualTo(2);
        assertThat(progress.percent()).isEqualTo(33);
        assertThat(Progress.of(0, 0, 0, 0).percent()).isZero();
        assertThatThrownBy(() -> new Progress(2, 2, 1, 0, 0, 0, 100)).hasMessageContaining("inconsistent");
    }

    @Test
    void shouldRoundTripATaskId() {
        TaskId id = SampleEvents.aDispatchedTask().task();

        assertThat(TaskId.parse(id.toString())).isEqualTo(id);
        assertThatThrownBy(() -> TaskId.parse("nonsense")).isInstanceOf(IllegalArgumentException.class);
    }
}
