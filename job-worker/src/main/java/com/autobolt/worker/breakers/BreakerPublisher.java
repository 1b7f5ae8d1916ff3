package com.autobolt.worker.breakers;

import com.autobolt.schemas.BreakerState;
import com.autobolt.schemas.DirectoryBreakerChanged;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.MessageKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this worker's circuit breakers to the compacted breaker topic, keyed
 * {@code <workerId>/<directoryId>}: every transition (open, half-open when the cool-down is over,
 * closed), and every {@code republishInterval} again each breaker that is not closed, with an
 * {@code expiresAt} of three intervals: a reader drops the record of a worker that went away without
 * saying so, and one lost send or a slow interval does not make an open breaker vanish. On a clean stop
 * every breaker that is not closed is published closed ({@code worker_stopped}): its tasks wait on no
 * breaker of this worker any more.
 *
 * <p>Transitions arrive from the executor's threads and only touch memory; a thread of its own turns
 * them into records every {@link #CHECK_INTERVAL}, in the order they happened (a half-open try that
 * succeeds within one check still shows as half-open, then closed), so a submission never waits for
 * Kafka. After a send that fails, the next check sends the breaker's current state: what a reader
 * keeps is the latest, so the lost transition itself is not replayed.
 */
public final class BreakerPublisher implements BreakerTransitions, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BreakerPublisher.class);
    static final Duration CHECK_INTERVAL = Duration.ofMillis(250);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);
    private static final int MAX_UNSENT = 16;

    private final Supplier<Producer<String, byte[]>> producers;
    private final String topic;
    private final String workerId;
    private final Duration republishInterval;
    private final Clock clock;
    private final Map<String, Breaker> breakers = new ConcurrentHashMap<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private Producer<String, byte[]> producer;
    private Thread thread;

    /** A state entered, not yet published. */
    private record Transition(BreakerState state, Instant since, String reasonCode) {}

    /** One directory's breaker as this worker last knew it. Guarded by itself. */
    private static final class Breaker {
        BreakerState state = BreakerState.CLOSED;
        Instant halfOpenAt; // while open
        final Deque<Transition> unsent = new ArrayDeque<>();
        Transition current;
        boolean resend; // the last send of the current state failed
        Instant lastPublished = Instant.MIN;

        void enter(BreakerState next, Instant since, String reasonCode) {
            state = next;
            current = new Transition(next, since, reasonCode);
            if (unsent.size() == MAX_UNSENT) {
                unsent.removeFirst(); // only a flapping breaker with Kafka away gets here; the latest counts
            }
            unsent.addLast(current);
        }

        /** Open past its cool-down is half-open: said so before whatever comes next. */
        void halfOpenIfDue(Instant now) {
            if (state == BreakerState.OPEN && !now.isBefore(halfOpenAt)) {
                enter(BreakerState.HALF_OPEN, halfOpenAt, DirectoryBreakerChanged.COOL_DOWN_OVER);
            }
        }
    }

    public BreakerPublisher(
            Supplier<Producer<String, byte[]>> producers,
            String topic,
            String workerId,
            Duration republishInterval,
            Clock clock) {
        if (republishInterval.compareTo(CHECK_INTERVAL) <= 0) {
            throw new IllegalArgumentException("republishInterval must be longer than " + CHECK_INTERVAL);
        }
        this.producers = producers;
        this.topic = topic;
        this.workerId = workerId;
        this.republishInterval = republishInterval;
        this.clock = clock;
    }

    // Every change of the map goes through compute, so a breaker that opens again cannot be removed, as
    // said closed, between being found and being changed.
    @Override
    public void opened(String directoryId, Duration coolDown, String reasonCode) {
        Instant now = clock.instant();
        breakers.compute(directoryId, (id, known) -> {
            Breaker breaker = known == null ? new Breaker() : known;
            synchronized (breaker) {
                breaker.halfOpenIfDue(now);
                if (breaker.state != BreakerState.OPEN) {
                    breaker.enter(BreakerState.OPEN, now, reasonOrUnknown(reasonCode));
                }
                // Still open: no new transition, only a later end of the cool-down.
                breaker.halfOpenAt = now.plus(coolDown);
            }
            return breaker;
        });
    }

    @Override
    public void closed(String directoryId) {
        Instant now = clock.instant();
        // A breaker never opened here has nothing to say.
        breakers.computeIfPresent(directoryId, (id, breaker) -> {
            synchronized (breaker) {
                breaker.halfOpenIfDue(now);
                breaker.enter(BreakerState.CLOSED, now, DirectoryBreakerChanged.SITE_ANSWERED);
            }
            return breaker;
        });
    }

    public void start() {
        producer = producers.get();
        thread = new Thread(this::run, "breaker-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    /** Publishes every breaker that is not closed as closed by the stop, then closes the producer. */
    @Override
    public void close() {
        stopping.countDown();
        if (thread == null) {
            return;
        }
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Instant now = clock.instant();
        for (Breaker breaker : breakers.values()) {
            synchronized (breaker) {
                if (breaker.state != BreakerState.CLOSED) {
                    breaker.enter(BreakerState.CLOSED, now, DirectoryBreakerChanged.WORKER_STOPPED);
                }
            }
        }
        try {
            publishDue();
            producer.flush();
        } catch (RuntimeException e) {
            log.warn("breakers: could not publish the stop ({}); the records expire instead", e.toString());
        } finally {
            producer.close(STOP_WAIT);
        }
    }

    private void run() {
        while (stopping.getCount() > 0) {
            try {
                publishDue();
            } catch (RuntimeException e) {
                log.warn("breakers: publishing failed ({}); trying again", e.toString());
            }
            try {
                stopping.await(CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Sends every state entered since the last check, and again what is not closed and was sent an interval ago. */
    void publishDue() {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(republishInterval.multipliedBy(3));
        for (Map.Entry<String, Breaker> entry : breakers.entrySet()) {
            Breaker breaker = entry.getValue();
            List<Transition> due = new ArrayList<>();
            synchronized (breaker) {
                breaker.halfOpenIfDue(now);
                due.addAll(breaker.unsent);
                breaker.unsent.clear();
                boolean stale = breaker.state != BreakerState.CLOSED
                        && !now.isBefore(breaker.lastPublished.plus(republishInterval));
                if (due.isEmpty() && (breaker.resend || stale)) {
                    due.add(breaker.current);
                }
                if (due.isEmpty()) {
                    continue;
                }
                breaker.resend = false;
                breaker.lastPublished = now;
            }
            for (Transition transition : due) {
                send(
                        entry.getKey(),
                        breaker,
                        DirectoryBreakerChanged.of(
                                workerId,
                                entry.getKey(),
                                transition.state(),
                                transition.since(),
                                transition.reasonCode(),
                                now,
                                expiresAt));
            }
        }
    }

    private void send(String directoryId, Breaker breaker, DirectoryBreakerChanged record) {
        producer.send(
                new ProducerRecord<>(topic, MessageKeys.breaker(workerId, directoryId), EventJson.write(record)),
                (metadata, failure) -> {
                    if (failure != null) {
                        log.warn(
                                "breakers: could not publish {} of {} ({}); trying again",
                                record.state().value(),
                                directoryId,
                                failure.toString());
                        synchronized (breaker) {
                            breaker.resend = true;
                        }
                        return;
                    }
                    // Said closed: nothing more to say until it opens again.
                    breakers.computeIfPresent(directoryId, (id, current) -> {
                        synchronized (current) {
                            return current == breaker
                                            && current.state == BreakerState.CLOSED
                                            && current.unsent.isEmpty()
                                            && !current.resend
                                    ? null
                                    : current;
                        }
                    });
                });
    }

    private static String reasonOrUnknown(String reasonCode) {
        return reasonCode == null || reasonCode.isBlank() ? "unknown" : reasonCode;
    }
}
