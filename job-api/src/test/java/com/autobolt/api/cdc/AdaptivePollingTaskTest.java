package com.autobolt.api.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.util.DelayStrategy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdaptivePollingTaskTest {

    /** The fields the task sets are Debezium internals: an upgrade that moves them must fail here, not idle hot. */
    @Test
    void findsEveryDebeziumInternalItPaces() {
        assertThat(AdaptivePollingTask.hooksMissing()).isEmpty();
    }

    @Test
    void theStreamSleepsThePacersIntervalOfTheMoment() {
        AtomicLong now = new AtomicLong();
        PollPacer pacer = new PollPacer(Duration.ofMillis(1), Duration.ofMillis(200), Duration.ofSeconds(2), now::get);
        DelayStrategy sleep = AdaptivePollingTask.pacedSleep(pacer);

        assertThat(sleep.sleepWhen(false)).isFalse();
        assertThat(millisOf(() -> sleep.sleepWhen(true))).isLessThan(150);
        now.addAndGet(Duration.ofSeconds(3).toNanos());
        assertThat(millisOf(() -> sleep.sleepWhen(true))).isGreaterThanOrEqualTo(200);
    }

    private static long millisOf(Runnable action) {
        long started = System.nanoTime();
        action.run();
        return (System.nanoTime() - started) / 1_000_000;
    }
}
