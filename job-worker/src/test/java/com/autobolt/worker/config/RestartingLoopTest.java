package com.autobolt.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RestartingLoopTest {

    @Test
    void shouldStartAFailedSessionAgainAndStopWithoutSittingOutTheBackoff() throws InterruptedException {
        RestartingLoop loop = new RestartingLoop("test loop");
        AtomicInteger sessions = new AtomicInteger();
        AtomicInteger failuresSeen = new AtomicInteger();
        Thread thread = new Thread(() -> loop.run(
                () -> {
                    sessions.incrementAndGet();
                    throw new IllegalStateException("broker gone");
                },
                e -> failuresSeen.incrementAndGet()));
        thread.start();
        // The second session comes after the first backoff (0.5 to 1 s); the third waits 1 to 2 s.
        await().atMost(Duration.ofSeconds(5)).until(() -> sessions.get() >= 2);

        long stopAsked = System.nanoTime();
        loop.stop();
        thread.join(5_000);

        assertThat(thread.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - stopAsked)).isLessThan(Duration.ofMillis(500));
        assertThat(failuresSeen.get()).isEqualTo(sessions.get());
        assertThat(loop.running()).isFalse();
    }

    @Test
    void shouldEndQuietlyWhenTheSessionFailsBecauseItWasStopped() throws InterruptedException {
        RestartingLoop loop = new RestartingLoop("test loop");
        AtomicInteger failuresSeen = new AtomicInteger();
        Thread thread = new Thread(() -> loop.run(
                () -> {
                    while (loop.running()) {
                        Thread.onSpinWait();
                    }
                    throw new IllegalStateException("consumer woken by stop()");
                },
                e -> failuresSeen.incrementAndGet()));
        thread.start();

        loop.stop();
        thread.join(5_000);

        assertThat(thread.isAlive()).isFalse();
        assertThat(failuresSeen).hasValue(0);
    }
}
