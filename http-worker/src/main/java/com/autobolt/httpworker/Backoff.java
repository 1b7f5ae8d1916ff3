package com.autobolt.httpworker;

import java.time.Duration;

/**
 * After the n-th empty or failed call in a row, wait {@code initial × 2^(n-1)}, capped at {@code max},
 * but never less than the server asked for ({@code Retry-After}, itself capped at {@code max}). The
 * same rule as job-api's and job-worker's backoffs; those live inside their services, which this
 * stand-alone client may not depend on.
 */
record Backoff(Duration initial, Duration max) {

    Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, was " + initial + " and " + max);
        }
    }

    /** The wait after {@code failures} calls in a row (1 = the first), at least {@code asked} (may be null). */
    Duration after(int failures, Duration asked) {
        int doublings = Math.min(Math.max(failures - 1, 0), 20);
        Duration wait = initial.multipliedBy(1L << doublings);
        if (wait.compareTo(max) > 0) {
            wait = max;
        }
        if (asked != null && asked.compareTo(wait) > 0) {
            wait = asked.compareTo(max) > 0 ? max : asked;
        }
        return wait;
    }
}
