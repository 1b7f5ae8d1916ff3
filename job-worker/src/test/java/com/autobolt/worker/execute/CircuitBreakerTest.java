package com.autobolt.worker.execute;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private static final long SECOND = 1_000_000_000L;
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(10));

    @Test
    void shouldOpenAfterTheThresholdOfFailuresInARow() {
        breaker.recordTransientFailure(0);
        breaker.recordTransientFailure(0);
        assertThat(breaker.isOpen(0)).isFalse();

        breaker.recordTransientFailure(0);

        assertThat(breaker.isOpen(SECOND)).isTrue();
        assertThat(breaker.waitNanos(SECOND)).isEqualTo(9 * SECOND);
    }

    @Test
    void shouldLetOneTryThroughAfterTheCoolDownAndReopenWhenItFails() {
        for (int i = 0; i < 3; i++) {
            breaker.recordTransientFailure(0);
        }
        assertThat(breaker.waitNanos(11 * SECOND)).isZero();

        breaker.recordTransientFailure(11 * SECOND);

        assertThat(breaker.waitNanos(12 * SECOND)).isEqualTo(9 * SECOND);
    }

    @Test
    void shouldCloseOnASuccess() {
        for (int i = 0; i < 3; i++) {
            breaker.recordTransientFailure(0);
        }
        breaker.recordSuccess();

        assertThat(breaker.isOpen(0)).isFalse();
        breaker.recordTransientFailure(0);
        assertThat(breaker.isOpen(0)).isFalse();
    }

    @Test
    void shouldReportItsStateClosedOpenThenHalfOpenAfterTheCoolDown() {
        assertThat(breaker.state(0)).isEqualTo(CircuitBreaker.State.CLOSED);
        for (int i = 0; i < 3; i++) {
            breaker.recordTransientFailure(0);
        }

        assertThat(breaker.state(SECOND)).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.state(11 * SECOND)).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        breaker.recordSuccess();
        assertThat(breaker.state(11 * SECOND)).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void shouldSayWhichCallsOpenedItForACoolDownOrClosedIt() {
        assertThat(breaker.recordTransientFailure(0)).isFalse();
        assertThat(breaker.recordTransientFailure(0)).isFalse();
        assertThat(breaker.recordTransientFailure(0))
                .as("the threshold opens it")
                .isTrue();
        // A try that was under way when it opened fails too: the cool-down starts again.
        assertThat(breaker.recordTransientFailure(SECOND)).isTrue();
        assertThat(breaker.state(10 * SECOND + SECOND / 2)).isEqualTo(CircuitBreaker.State.OPEN);
        // The half-open try fails: opened again.
        assertThat(breaker.recordTransientFailure(12 * SECOND)).isTrue();
        assertThat(breaker.recordSuccess()).as("a success closes it").isTrue();
        assertThat(breaker.recordSuccess()).as("already closed").isFalse();
    }
}
