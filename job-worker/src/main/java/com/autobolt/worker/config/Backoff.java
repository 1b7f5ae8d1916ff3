package com.autobolt.worker.config;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: before try n+1, wait a random time between half and all of
 * {@code base × 2^(n-1)}, capped at {@code max}; never less than what the site asked for with
 * {@code Retry-After} (which is itself capped at {@code max}, so one site cannot park a task forever).
 */
public record Backoff(Duration base, Duration max) {

    public long delayNanos(int failedTries, Duration retryAfter) {
        long exponential = base.toNanos() << Math.min(failedTries - 1, 30);
        long capped = Math.min(Math.max(exponential, 0), max.toNanos());
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        long asked = retryAfter == null ? 0 : Math.min(retryAfter.toNanos(), max.toNanos());
        return Math.max(jittered, asked);
    }
}
