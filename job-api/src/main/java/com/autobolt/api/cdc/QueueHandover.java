package com.autobolt.api.cdc;

import io.debezium.connector.base.ChangeEventQueue;
import java.time.Duration;
import java.util.concurrent.locks.Lock;

/**
 * Makes Debezium's change queue hand its poller what it holds at once, and wake it when an empty
 * queue gets a change, instead of waiting a poll interval for a full batch (and spinning through
 * that wait's last sub-millisecond). {@link #beforePoll(Duration)} is called by the polling thread
 * before each {@code ChangeEventQueue.poll}: after letting changes gather while they flow, it sets the
 * batch size the poll waits for to the number of changes queued (at least one, at most {@code
 * max.batch.size}). The queue signals its poller as soon
 * as it holds a batch, so with one change asked for, the first enqueue wakes it. See {@link
 * AdaptivePollingTask} for why, and the fields it sets.
 */
final class QueueHandover {

    /**
     * The longest a poll of an empty queue sleeps: a queued change wakes it sooner. It only sets how
     * often the engine's polling loop turns while nothing changes.
     */
    static final Duration QUEUE_WAIT = Duration.ofSeconds(1);

    private final ChangeEventQueue<?> queue;
    private final Lock lock;
    private final int maxBatchSize;

    QueueHandover(ChangeEventQueue<?> queue, int maxBatchSize) {
        this.queue = queue;
        this.lock = (Lock) AdaptivePollingTask.read(AdaptivePollingTask.QUEUE_LOCK, queue);
        this.maxBatchSize = maxBatchSize;
        AdaptivePollingTask.write(AdaptivePollingTask.QUEUE_POLL_INTERVAL, queue, QUEUE_WAIT);
    }

    /**
     * Sizes the next poll. {@code gather}: how long to let changes gather first while they flow (a
     * sleep, not the queue's spinning wait), so that a batch holds what came meanwhile rather than the
     * one or two changes queued at that instant; zero takes what is there at once.
     */
    void beforePoll(Duration gather) throws InterruptedException {
        if (!gather.isZero() && !gather.isNegative()) {
            Thread.sleep(gather.toMillis(), gather.toNanosPart() % 1_000_000);
        }
        AdaptivePollingTask.write(AdaptivePollingTask.QUEUE_MAX_BATCH_SIZE, queue, batchSize(queued(), maxBatchSize));
    }

    /** What the next poll takes: everything queued, at least one (wait for it), at most {@code maxBatchSize}. */
    static int batchSize(int queued, int maxBatchSize) {
        return Math.max(1, Math.min(queued, maxBatchSize));
    }

    /** The changes in the queue now; read under its lock, as the queue reads its size itself. */
    private int queued() {
        lock.lock();
        try {
            return queue.totalCapacity() - queue.remainingCapacity();
        } finally {
            lock.unlock();
        }
    }
}
