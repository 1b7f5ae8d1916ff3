package com.autobolt.api.cdc;

import com.autobolt.kafka.KafkaSettings;
import com.autobolt.kafka.TopicProvisioner;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps exactly one change stream running among all job-api instances of a database: becomes the
 * leader by taking the {@link LeadershipLock}, runs the engine while it holds it, stops the engine
 * when it loses it, and after a failure retries with capped exponential backoff, reporting each state
 * in {@link ChangeStreamStatus}.
 */
final class ChangeStreamSupervisor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChangeStreamSupervisor.class);
    private static final Duration WATCH_INTERVAL = Duration.ofSeconds(1);

    private final CdcProperties properties;
    private final KafkaSettings kafka;
    private final TopicProvisioner topics;
    private final DatabaseCoordinates database;
    private final ChangeStreamStatus status;
    private final SlotWal slotWal;
    private final ChangeStreamMetrics metrics;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile Thread thread;

    ChangeStreamSupervisor(
            CdcProperties properties,
            KafkaSettings kafka,
            TopicProvisioner topics,
            DatabaseCoordinates database,
            ChangeStreamStatus status,
            SlotWal slotWal,
            ChangeStreamMetrics metrics) {
        this.properties = properties;
        this.kafka = kafka;
        this.topics = topics;
        this.database = database;
        this.status = status;
        this.slotWal = slotWal;
        this.metrics = metrics;
    }

    @Override
    public void start() {
        Thread supervisor = new Thread(this::supervise, "cdc-supervisor");
        supervisor.setDaemon(true);
        thread = supervisor;
        supervisor.start();
    }

    @Override
    public void stop() {
        stopRequested.countDown();
        Thread supervisor = thread;
        if (supervisor != null) {
            try {
                supervisor.join(Duration.ofSeconds(60).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        status.stopped();
    }

    @Override
    public boolean isRunning() {
        Thread supervisor = thread;
        return supervisor != null && supervisor.isAlive();
    }

    private void supervise() {
        LeadershipLock lock = null;
        while (!isStopRequested()) {
            try {
                if (lock == null || !lock.isConnected()) {
                    closeQuietly(lock);
                    lock = null;
                    lock = LeadershipLock.connect(database, properties.slotName());
                }
                if (!lock.tryAcquire()) {
                    status.standby();
                    pause(properties.leadershipRetryInterval());
                    continue;
                }
                lead(lock);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                closeQuietly(lock);
                lock = null;
                if (!backOffQuietly("database unavailable: " + describe(e))) {
                    break;
                }
            }
        }
        closeQuietly(lock);
    }

    /** Streams while this instance holds the lock; returns when the run ends, fails or leadership is lost. */
    private void lead(LeadershipLock lock) throws InterruptedException {
        status.starting();
        log.info("change stream: leader for slot {}, starting the engine", properties.slotName());
        try {
            topics.ensure(ChangeTopics.of(properties, kafka.topics()));
        } catch (IllegalStateException e) {
            lock.release();
            backOff(describe(e));
            return;
        }
        // Debezium would wait for an invalidated slot for half an hour (900 tries), its engine given up
        // after a minute with a start timeout while that wait goes on in a thread of its own, one more
        // at every retry. A lost slot needs an operator: say so, and start no engine until it is gone.
        if (slotWal.read().lost()) {
            lock.release();
            backOff(slotWal.lostReason());
            return;
        }
        Instant retryAt = null;
        try (EngineRun run = EngineRun.start(properties, kafka, database, status, metrics)) {
            EngineRun.Outcome outcome = watch(run, lock);
            if (outcome != null && !outcome.success()) {
                // Reported before the engine has stopped, which can take a while when the broker is gone.
                retryAt = recordFailure("engine failed: " + describeOutcome(outcome));
            }
        }
        if (retryAt != null) {
            // Let another instance try while this one backs off: the failure may be this instance's own.
            lock.release();
            pauseUntil(retryAt);
        } else if (!isStopRequested() && !lock.isHeld()) {
            log.warn("change stream: lost the leadership lock, engine stopped");
            lock.release();
        }
    }

    /** Watches a running engine: returns its outcome, or {@code null} when stopped or leadership was lost. */
    private EngineRun.Outcome watch(EngineRun run, LeadershipLock lock) throws InterruptedException {
        while (!isStopRequested()) {
            EngineRun.Outcome outcome = run.awaitEnd(WATCH_INTERVAL);
            if (outcome != null) {
                return outcome.success()
                        ? new EngineRun.Outcome(false, "engine ended: " + outcome.message(), null)
                        : outcome;
            }
            if (!lock.isHeld()) {
                return null;
            }
        }
        return null;
    }

    private void backOff(String reason) throws InterruptedException {
        pauseUntil(recordFailure(reason));
    }

    /** Reports the failure (health DOWN) and returns when the next attempt is due. */
    private Instant recordFailure(String reason) {
        // Counted since the last time this instance streamed or stood by.
        int consecutiveFailures = status.snapshot().consecutiveFailures() + 1;
        Duration backoff = properties.backoff().after(consecutiveFailures);
        Instant retryAt = status.failed(reason, backoff, consecutiveFailures);
        log.warn(
                "change stream: {} (failure {} in a row, retrying in {} ms)",
                reason,
                consecutiveFailures,
                backoff.toMillis());
        return retryAt;
    }

    private boolean backOffQuietly(String reason) {
        try {
            backOff(reason);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void pause(Duration duration) throws InterruptedException {
        stopRequested.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pauseUntil(Instant instant) throws InterruptedException {
        Duration left = Duration.between(status.now(), instant);
        if (!left.isNegative()) {
            pause(left);
        }
    }

    private boolean isStopRequested() {
        return stopRequested.getCount() == 0;
    }

    private static String describeOutcome(EngineRun.Outcome outcome) {
        if (outcome.error() != null) {
            return describe(outcome.error());
        }
        return outcome.message();
    }

    private static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = error.getMessage();
        if (root != error && root.getMessage() != null) {
            message = message + " (cause: " + root.getMessage() + ")";
        }
        return error.getClass().getSimpleName() + ": " + message;
    }

    private static void closeQuietly(LeadershipLock lock) {
        if (lock != null) {
            lock.close();
        }
    }
}
