package com.autobolt.api.retry;

import java.time.Duration;

/**
 * job-api's one backoff: after the n-th failure in a row, wait {@code initial × 2^(n-1)}, capped at
 * {@code max}. Used by every loop of the service that retries on its own (the change stream's
 * supervisor, the live events feed); their waits are on a latch their {@code stop()} releases.
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, was " + initial + " and " + max);
        }
    }

    /** The wait after {@code failures} consecutive failures (1 = the first). */
    public Duration after(int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), 20);
        Duration wait = initial.multipliedBy(1L << doublings);
        return wait.compareTo(max) > 0 ? max : wait;
    }
}
