package com.autobolt.worker.config;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's one way to run a consumer loop. A session (a consumer, perhaps a producer, and the
 * polls) runs again and again until {@link #stop()}; after a failure the next one starts after the
 * worker's {@link Backoff}, waited on a latch that {@code stop()} releases, so stopping never sits
 * out a backoff. The dispatcher, the executors and the topic followers all run on one.
 */
public final class RestartingLoop {

    private static final Logger log = LoggerFactory.getLogger(RestartingLoop.class);
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    private final String name;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile int failuresInARow;

    public RestartingLoop(String name) {
        this.name = name;
    }

    /** Whether sessions should go on; a session's own loop checks it between polls. */
    public boolean running() {
        return running;
    }

    /** Ends the loop: the current session sees {@link #running()} false, a backoff in progress ends at once. */
    public void stop() {
        running = false;
        stopping.countDown();
    }

    /** A session made progress: the next failure waits the shortest backoff again. */
    public void succeeded() {
        failuresInARow = 0;
    }

    /**
     * Runs {@code session} until stopped.
     *
     * @param onFailure told of every failure while running (health, a more specific log line)
     */
    public void run(Runnable session, Consumer<RuntimeException> onFailure) {
        while (running) {
            try {
                session.run();
            } catch (RuntimeException e) {
                if (!running) {
                    return; // stop() woke the consumer or closed what the session used
                }
                int failures = ++failuresInARow;
                Duration backoff = Duration.ofNanos(BACKOFF.delayNanos(failures, null));
                onFailure.accept(e);
                if (failures == 1) {
                    log.warn("{} failed; starting again in {}", name, backoff, e);
                } else {
                    log.warn("{} failed again ({} in a row: {}); starting again in {}", name, failures, e, backoff);
                }
                pause(backoff);
            }
        }
    }

    private void pause(Duration duration) {
        try {
            stopping.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
