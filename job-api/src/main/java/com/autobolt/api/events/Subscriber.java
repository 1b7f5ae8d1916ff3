package com.autobolt.api.events;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One client's place in the live feed: a bounded queue the shared consumer fills without ever
 * waiting, and the client's own writer empties. When the queue is full the client is too slow: it
 * is dropped from the feed and its stream closed, so it can never hold up the consumer or others.
 */
final class Subscriber {

    private final UUID job;
    private final BlockingQueue<FeedRecord> queue;
    private volatile boolean overflowed;
    private volatile boolean closed;
    private volatile Thread writer;

    /** {@code job}: only that job's records, or {@code null} for every job. */
    Subscriber(UUID job, int capacity) {
        this.job = job;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Called by the feed: never blocks. {@code false} means drop this subscriber. */
    boolean offer(FeedRecord record) {
        if (closed) {
            return false;
        }
        if (job != null && !job.equals(record.jobId())) {
            return true;
        }
        if (queue.offer(record)) {
            return true;
        }
        overflowed = true;
        close();
        return false;
    }

    /** The next live record, or {@code null} after {@code wait} without one. */
    FeedRecord next(Duration wait) throws InterruptedException {
        return queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean wants(FeedRecord record) {
        return job == null || job.equals(record.jobId());
    }

    boolean overflowed() {
        return overflowed;
    }

    boolean isClosed() {
        return closed;
    }

    /** The thread that writes this subscriber's stream; woken when the subscriber is closed. */
    void writtenBy(Thread thread) {
        writer = thread;
        if (closed) {
            thread.interrupt();
        }
    }

    void close() {
        closed = true;
        Thread thread = writer;
        if (thread != null && thread != Thread.currentThread()) {
            thread.interrupt();
        }
    }
}
