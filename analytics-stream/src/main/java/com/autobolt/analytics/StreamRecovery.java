package com.autobolt.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * How the analytics stream gets over a failure, so that it never stays stopped (a stopped stream is a stuck
 * one: the analytics topics fall behind until someone restarts the process).
 *
 * <ul>
 *   <li>A stream thread that died of the brokers' trouble (an error a broker answered or a client timed out on:
 *       a node lost, a transaction coordinator moving, a sequence out of order after a leader change) is
 *       replaced at once, unless {@value #REPLACEMENTS_PER_MINUTE} were replaced in the last minute.
 *   <li>Anything else (a bug, a refused credential, a topic gone) stops the Kafka Streams client, which is
 *       then started again as a whole after a delay that doubles from {@link #FIRST_RESTART} to
 *       {@link #LONGEST_RESTART} while failures follow each other, and starts over after
 *       {@link #QUIET} without one.
 * </ul>
 *
 * <p>Found by ClusterStackIT on a busy CI machine: after a Kafka node was killed and started again, a
 * projector's stream had stopped for good (health DOWN, state ERROR) where it used to answer every failure
 * with a stop.
 */
final class StreamRecovery {

    static final int REPLACEMENTS_PER_MINUTE = 5;
    static final Duration FIRST_RESTART = Duration.ofSeconds(5);
    static final Duration LONGEST_RESTART = Duration.ofMinutes(5);
    static final Duration QUIET = Duration.ofMinutes(10);

    private final Deque<Instant> replacements = new ArrayDeque<>();
    private Duration nextRestart = FIRST_RESTART;
    private Instant lastRestart;

    /** What to do with the stream thread that died of {@code failure} at {@code now}. */
    synchronized StreamThreadExceptionResponse onThreadFailure(Throwable failure, Instant now) {
        while (!replacements.isEmpty() && replacements.peekFirst().isBefore(now.minus(Duration.ofMinutes(1)))) {
            replacements.removeFirst();
        }
        if (isBrokersTrouble(failure) && replacements.size() < REPLACEMENTS_PER_MINUTE) {
            replacements.addLast(now);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /** How long to wait before starting the stopped client again, at {@code now}. */
    synchronized Duration nextRestartDelay(Instant now) {
        if (lastRestart == null || lastRestart.plus(QUIET).isBefore(now)) {
            nextRestart = FIRST_RESTART;
        }
        Duration delay = nextRestart;
        Duration doubled = nextRestart.multipliedBy(2);
        nextRestart = doubled.compareTo(LONGEST_RESTART) > 0 ? LONGEST_RESTART : doubled;
        lastRestart = now.plus(delay);
        return delay;
    }

    /**
     * An error a broker answered, or a client's timeout, anywhere in the causes: trouble a new thread gets past
     * once the cluster is whole. A refused credential or permission is not: it needs an operator.
     */
    static boolean isBrokersTrouble(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
                return false;
            }
            if (cause instanceof ApiException) {
                return true;
            }
        }
        return false;
    }
}
