package com.autobolt.api.cdc;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How long the change stream's two waits last: {@code busyInterval} while changes flow and for
 * {@code idleAfter} after the last one, then {@code idleInterval}. Shared by the engine's polling
 * thread, which reports the changes it takes, and the replication-stream thread, which only reads.
 */
final class PollPacer {

    private final Duration busyInterval;
    private final Duration idleInterval;
    private final long idleAfterNanos;
    private final LongSupplier nanoClock;
    private volatile long lastChangeNanos;

    PollPacer(Duration busyInterval, Duration idleInterval, Duration idleAfter, LongSupplier nanoClock) {
        if (idleInterval.compareTo(busyInterval) < 0) {
            throw new IllegalArgumentException("the idle poll interval must not be below the busy one");
        }
        this.busyInterval = busyInterval;
        this.idleInterval = idleInterval;
        this.idleAfterNanos = idleAfter.toNanos();
        this.nanoClock = nanoClock;
        // A start usually has a backlog (or a snapshot) to stream: begin busy.
        this.lastChangeNanos = nanoClock.getAsLong();
    }

    void changesTaken() {
        lastChangeNanos = nanoClock.getAsLong();
    }

    boolean idle() {
        return nanoClock.getAsLong() - lastChangeNanos >= idleAfterNanos;
    }

    Duration interval() {
        return idle() ? idleInterval : busyInterval;
    }
}
