package com.autobolt.api.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PollPacerTest {

    private static final Duration BUSY = Duration.ofMillis(1);
    private static final Duration IDLE = Duration.ofMillis(100);
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final PollPacer pacer = new PollPacer(BUSY, IDLE, Duration.ofSeconds(2), now::get);

    @Test
    void startsBusyAndBacksOffOnlyAfterAQuietSpell() {
        assertThat(pacer.interval()).isEqualTo(BUSY);
        now.addAndGet(Duration.ofMillis(1_999).toNanos());
        assertThat(pacer.idle()).isFalse();
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(pacer.idle()).isTrue();
        assertThat(pacer.interval()).isEqualTo(IDLE);
    }

    @Test
    void aChangeMakesItBusyAtOnceAndRestartsTheQuietSpell() {
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        pacer.changesTaken();
        assertThat(pacer.interval()).isEqualTo(BUSY);
        now.addAndGet(Duration.ofMillis(1_500).toNanos());
        pacer.changesTaken();
        now.addAndGet(Duration.ofMillis(1_500).toNanos());
        assertThat(pacer.interval()).isEqualTo(BUSY);
    }

    @Test
    void refusesAnIdleIntervalShorterThanTheBusyOne() {
        assertThatThrownBy(() -> new PollPacer(IDLE, BUSY, Duration.ofSeconds(2), now::get))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
