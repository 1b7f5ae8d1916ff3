package com.autobolt.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    @RepeatedTest(20)
    void shouldGrowExponentiallyWithJitter() {
        assertThat(backoff.delayNanos(1, null)).isBetween(ms(50), ms(100));
        assertThat(backoff.delayNanos(3, null)).isBetween(ms(200), ms(400));
        assertThat(backoff.delayNanos(20, null)).isBetween(ms(2500), ms(5000));
    }

    @Test
    void shouldWaitAtLeastWhatRetryAfterAsksUpToTheCap() {
        assertThat(backoff.delayNanos(1, Duration.ofSeconds(2))).isEqualTo(ms(2000));
        assertThat(backoff.delayNanos(1, Duration.ofHours(1))).isEqualTo(ms(5000));
    }

    private static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }
}
