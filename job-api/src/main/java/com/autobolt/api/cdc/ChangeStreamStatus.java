package com.autobolt.api.cdc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** What this instance's change stream is doing, as health reports it. Thread-safe. */
final class ChangeStreamStatus {

    enum State {
        /** Not yet tried, or between becoming leader and the engine's first poll. */
        STARTING,
        /** This instance holds the leadership and its engine streams. */
        STREAMING,
        /** Another instance streams; this one waits to take over. */
        STANDBY,
        /** The last attempt failed; the next one comes after a backoff. */
        FAILED,
        STOPPED
    }

    /** An immutable view of the status at one moment. */
    record Snapshot(
            State state,
            String reason,
            Instant since,
            int consecutiveFailures,
            Instant nextAttemptAt,
            long eventsPublished,
            Instant lastPublishedAt) {

        String role() {
            return switch (state) {
                case STREAMING -> "leader";
                case STANDBY -> "standby";
                default -> "none";
            };
        }
    }

    private final Clock clock;
    private final AtomicReference<Snapshot> current;
    private final AtomicLong eventsPublished = new AtomicLong();
    private final AtomicReference<Instant> lastPublishedAt = new AtomicReference<>();

    ChangeStreamStatus(Clock clock) {
        this.clock = clock;
        this.current = new AtomicReference<>(new Snapshot(State.STARTING, null, clock.instant(), 0, null, 0, null));
    }

    Snapshot snapshot() {
        Snapshot state = current.get();
        return new Snapshot(
                state.state(),
                state.reason(),
                state.since(),
                state.consecutiveFailures(),
                state.nextAttemptAt(),
                eventsPublished.get(),
                lastPublishedAt.get());
    }

    void starting() {
        move(State.STARTING, null, current.get().consecutiveFailures(), null);
    }

    void streaming() {
        move(State.STREAMING, null, 0, null);
    }

    void standby() {
        move(State.STANDBY, null, 0, null);
    }

    void stopped() {
        move(State.STOPPED, null, 0, null);
    }

    /** Records a failure and returns when the next attempt is due. */
    Instant failed(String reason, Duration retryIn, int consecutiveFailures) {
        Instant nextAttemptAt = clock.instant().plus(retryIn);
        move(State.FAILED, reason, consecutiveFailures, nextAttemptAt);
        return nextAttemptAt;
    }

    Instant now() {
        return clock.instant();
    }

    void published(int events) {
        eventsPublished.addAndGet(events);
        lastPublishedAt.set(clock.instant());
    }

    private void move(State state, String reason, int failures, Instant nextAttemptAt) {
        Instant now = clock.instant();
        current.updateAndGet(previous -> new Snapshot(
                state,
                reason,
                previous.state() == state && state != State.FAILED ? previous.since() : now,
                failures,
                nextAttemptAt,
                0,
                null));
    }
}
