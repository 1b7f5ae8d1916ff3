package com.autobolt.worker.execute;

import java.time.Duration;

/**
 * Per-directory circuit breaker. Closed until {@code threshold} transient failures in a row; then
 * open for the cool-down, during which the directory's tasks wait without spending tries; then
 * half-open: the next try decides (a success closes it, a failure opens it again).
 */
final class CircuitBreaker {

    private final int threshold;
    private final long coolDownNanos;
    private int consecutiveFailures;
    private long openUntil;
    private boolean open;

    CircuitBreaker(int threshold, Duration coolDown) {
        this.threshold = threshold;
        this.coolDownNanos = coolDown.toNanos();
    }

    /** How long the directory must still wait before the next try; zero when it may go now. */
    synchronized long waitNanos(long now) {
        return open && openUntil - now > 0 ? openUntil - now : 0;
    }

    /** @return whether this closed the breaker */
    synchronized boolean recordSuccess() {
        consecutiveFailures = 0;
        boolean wasOpen = open;
        open = false;
        return wasOpen;
    }

    /** @return whether this opened the breaker, or opened it again after its half-open try */
    synchronized boolean recordTransientFailure(long now) {
        consecutiveFailures++;
        if (consecutiveFailures >= threshold) {
            // Failures while open are of tries that were already under way when it opened.
            boolean opens = !open || openUntil - now <= 0;
            open = true;
            openUntil = now + coolDownNanos;
            return opens;
        }
        return false;
    }

    /** Closed, half-open (the cool-down is over, the next try decides) or open, in that order. */
    enum State {
        CLOSED,
        HALF_OPEN,
        OPEN
    }

    synchronized State state(long now) {
        if (!open) {
            return State.CLOSED;
        }
        return openUntil - now > 0 ? State.OPEN : State.HALF_OPEN;
    }

    synchronized boolean isOpen(long now) {
        return waitNanos(now) > 0;
    }
}
