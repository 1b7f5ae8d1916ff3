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

    /**
     * @return whether the breaker is open for a cool-down from now on: it opened, opened again after its
     *     half-open try, or (a failure of a try that was under way when it opened) its cool-down restarted
     */
    synchronized boolean recordTransientFailure(long now) {
        consecutiveFailures++;
        if (consecutiveFailures >= threshold) {
            open = true;
            openUntil = now + coolDownNanos;
            return true;
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
