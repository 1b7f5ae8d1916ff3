package com.autobolt.worker.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a whole topic from the beginning, then follows it, handing every record to a handler on
 * one thread. Used to keep in-memory views (directory catalog, cancelled jobs, dispatch log) that
 * every instance rebuilds on start instead of keeping a database.
 *
 * <p>When the broker fails it (a call timing out during an outage, say), the follower reports the
 * failure ({@link #failure()}, shown by the worker's health) and retries with backoff on a new
 * consumer, from where it was: a view must never silently stop following.
 */
public final class TopicFollower implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);
    /**
     * How often the topic's end is asked for while nobody waits to see it reached: often enough that a
     * broker which stopped answering is reported within seconds. Asking before every poll cost a
     * ListOffsets request per poll of each of the six followers of a two-worker stack, about one per
     * record followed (each job's progress update is one): in the end-to-end benchmark's profile 6 % of a
     * worker's CPU samples, and as many requests for Kafka to handle; with the other changes of that
     * profile (not measured alone) a worker's CPU in the round fell 11.8 → 6.3–7.3 s (benchmarks/README.md).
     * Every 5 s, not every second: a broker that stopped answering is only reported once the call times out
     * (the reader's API timeout), so asking more often tells nothing sooner; idle, the three followers of a
     * worker asked 3 times a second for nothing (issue 16).
     */
    private static final long UNWATCHED_END_CHECK_NANOS = Duration.ofSeconds(5).toNanos();

    /**
     * How long a poll waits for records. Records end it at once, and a waiter wakes it ({@link #awaitCaughtUp}),
     * so the length only says how often an idle follower's loop turns: at 100 ms, ten times a second for each
     * of a worker's three followers, a third of an idle worker's CPU with the JIT compiling that path (issue 16).
     */
    private static final Duration POLL = Duration.ofSeconds(1);

    private final KafkaClients clients;
    private final String topic;
    private final Consumer<ConsumerRecord<String, byte[]>> handler;
    private final Object caughtUpSignal = new Object();
    private volatile long caughtUpAsOf = Long.MIN_VALUE;
    private final AtomicInteger waiters = new AtomicInteger();
    private volatile KafkaConsumer<String, byte[]> consumer;
    /** The consumer while it is in its poll loop, the only place that expects a waiter's wakeup. */
    private volatile KafkaConsumer<String, byte[]> polling;

    private volatile String failure;
    private final Map<TopicPartition, Long> positions = new HashMap<>(); // the follower thread's only
    private final RestartingLoop loop;
    private final Thread thread;

    public TopicFollower(KafkaClients clients, String topic, Consumer<ConsumerRecord<String, byte[]>> handler) {
        this.clients = clients;
        this.topic = topic;
        this.handler = handler;
        this.loop = new RestartingLoop("follower of " + topic);
        this.thread = new Thread(this::run, "follow-" + topic);
        this.thread.setDaemon(true);
        clients.followers.add(this);
    }

    public String topic() {
        return topic;
    }

    /** Why following fails at the moment (it is being retried), or null while it works. */
    public String failure() {
        return failure;
    }

    public TopicFollower start() {
        thread.start();
        return this;
    }

    /**
     * Waits until everything committed to the topic before this call has been handed to the handler.
     *
     * @return false when that did not happen within {@code timeout}
     */
    public boolean awaitCaughtUp(Duration timeout) {
        long asked = System.nanoTime();
        long deadline = asked + timeout.toNanos();
        waiters.incrementAndGet();
        KafkaConsumer<String, byte[]> current = polling;
        if (current != null) {
            current.wakeup(); // ends the poll in progress, so that the next turn checks the end for this waiter
        }
        try {
            return awaitCaughtUpSince(asked, deadline);
        } finally {
            waiters.decrementAndGet();
        }
    }

    private boolean awaitCaughtUpSince(long asked, long deadline) {
        synchronized (caughtUpSignal) {
            while (caughtUpAsOf - asked < 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(caughtUpSignal, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void run() {
        loop.run(this::follow, e -> failure = e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    /** Follows on one consumer until stopped; resumes where the last one was. */
    private void follow() {
        try (KafkaConsumer<String, byte[]> reader = clients.reader();
                Admin admin = clients.admin()) {
            consumer = reader;
            List<TopicPartition> partitions = partitions(reader);
            reader.assign(partitions);
            for (TopicPartition partition : partitions) {
                Long position = positions.get(partition);
                if (position == null) {
                    reader.seekToBeginning(List.of(partition));
                } else {
                    reader.seek(partition, position);
                }
            }
            long lastEndCheck = System.nanoTime() - UNWATCHED_END_CHECK_NANOS;
            polling = reader;
            while (loop.running()) {
                long checkStarted = System.nanoTime();
                // A waiter counted after this check is served by the next one, a poll later.
                boolean checkEnd = waiters.get() > 0 || checkStarted - lastEndCheck >= UNWATCHED_END_CHECK_NANOS;
                Map<TopicPartition, Long> ends = checkEnd ? committedEnds(admin, partitions) : null;
                if (checkEnd) {
                    lastEndCheck = checkStarted;
                }
                try {
                    for (ConsumerRecord<String, byte[]> record : reader.poll(POLL)) {
                        handle(record);
                        positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                    }
                    failure = null;
                    loop.succeeded();
                    boolean caughtUp = ends != null
                            && ends.entrySet().stream()
                                    .allMatch(end -> reader.position(end.getKey()) >= end.getValue());
                    if (caughtUp) {
                        synchronized (caughtUpSignal) {
                            caughtUpAsOf = checkStarted;
                            caughtUpSignal.notifyAll();
                        }
                    }
                } catch (WakeupException e) {
                    // a waiter arrived (or close() stopped the loop): the next turn serves it
                }
            }
        } finally {
            polling = null;
            consumer = null;
        }
    }

    /**
     * The end of each partition as a read_committed reader sees it (the last stable offset): asked of the
     * admin client, because the reader's own connection is held by its waiting fetch (KafkaClients#reader).
     */
    private Map<TopicPartition, Long> committedEnds(Admin admin, List<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        try {
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get(clients.readerApiTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((partition, info) -> ends.put(partition, info.offset()));
            return ends;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KafkaException kafkaError ? kafkaError : new KafkaException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TimeoutException("the end of " + topic + " was not known within " + clients.readerApiTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> reader) {
        while (loop.running()) {
            List<PartitionInfo> infos;
            try {
                infos = reader.partitionsFor(topic, Duration.ofSeconds(10));
            } catch (TimeoutException e) {
                // a broker that is still starting (or a busy machine) answers late: keep asking
                infos = null;
            }
            if (infos != null && !infos.isEmpty()) {
                return infos.stream()
                        .map(info -> new TopicPartition(topic, info.partition()))
                        .toList();
            }
            log.info("waiting for topic {} to exist", topic);
        }
        return List.of();
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        try {
            handler.accept(record);
        } catch (RuntimeException e) {
            log.warn(
                    "skipping unreadable record {}-{}@{}: {}",
                    topic,
                    record.partition(),
                    record.offset(),
                    e.getMessage());
        }
    }

    @Override
    public void close() {
        loop.stop();
        clients.followers.remove(this);
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
