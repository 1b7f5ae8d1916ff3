package com.autobolt.api.cdc;

import io.debezium.config.Configuration;
import io.debezium.connector.base.ChangeEventQueue;
import io.debezium.connector.postgresql.PostgresConnectorTask;
import io.debezium.connector.postgresql.PostgresOffsetContext;
import io.debezium.connector.postgresql.PostgresPartition;
import io.debezium.connector.postgresql.PostgresStreamingChangeEventSource;
import io.debezium.pipeline.ChangeEventSourceCoordinator;
import io.debezium.util.DelayStrategy;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.Lock;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debezium's PostgreSQL task, waiting without spinning.
 *
 * <p>Debezium waits {@code poll.interval.ms} in two places: the replication-stream thread sleeps it
 * after a few empty reads, and the engine's polling thread waits it in {@code ChangeEventQueue.poll}
 * for a batch of {@code max.batch.size} to fill, spinning without sleeping through the last
 * sub-millisecond of every wait (it waits in whole milliseconds). A short interval keeps
 * commit-to-Kafka latency low (1 ms: p99 under 25 ms at 1,000 changes/s) but costs CPU: 35 % of a core
 * on the idle local stack, most of it the queue's spin, and as much while changes flow.
 *
 * <p>The queue: before each poll, the task lets changes gather for {@code poll.interval.ms} while they
 * flow (a sleep), then sets the queue's batch size to the number of changes queued (at least one, at
 * most {@code max.batch.size}). The queue wakes its poller
 * when it holds a batch, so a poll takes at once whatever has queued while the previous batch was
 * published, and an empty queue's poll sleeps until the first change is queued ({@link
 * QueueHandover#QUEUE_WAIT} at most), never spinning: the batches are as large as the flow makes them, and a change
 * waits for no timer. (Until 2026-12-01 the queue kept Debezium's wait for a full batch while changes
 * flowed, and with it the spin: issue 16's end-to-end profile put about half of job-api's change
 * stream samples in it; at 1,000 changes/s the polling thread now takes 7.3 % of a core where it took
 * 11.0 %, job-api's README, <em>Idle cost</em>.)
 *
 * <p>The stream: Debezium's constant sleep is replaced by one asking a {@link PollPacer}: the
 * configured interval while data changes flow; after {@code idle-after} without one, {@code
 * idle-poll-interval}. A change arriving while idle therefore waits at most one idle interval, once:
 * the stream is busy again from the moment it is taken. Measured on the idle local stack
 * (IdleCostBenchmark): job-api 35 % of a core before, 2.1 % after; the first change after a quiet
 * spell: CdcLatencyBenchmark, {@code cdc_first_after_idle_*}; both in the job-api README, <em>Idle
 * cost</em>.
 *
 * <p>Debezium offers no setting for this, so the task sets private fields by reflection: the queue's
 * {@code pollInterval} (once) and {@code maxBatchSize} (by the polling thread itself before each poll;
 * the queue's other user, the stream thread, reads it under the queue's lock, which the poll takes
 * after the write), and the stream's {@code pauseNoMessage}, replaced once by a strategy that asks the
 * pacer. {@link #hooksMissing()} names what a Debezium upgrade removed (a unit test fails then);
 * should it happen at run time anyway, the stream keeps Debezium's constant interval and says so in
 * the log.
 */
public class AdaptivePollingTask extends PostgresConnectorTask {

    /** Engine properties carrying the pacer's settings to the task ({@link DebeziumSettings}). */
    static final String IDLE_POLL_INTERVAL_MS = "autobolt.idle.poll.interval.ms";

    static final String IDLE_AFTER_MS = "autobolt.idle.after.ms";

    private static final Logger log = LoggerFactory.getLogger(AdaptivePollingTask.class);
    private static final Field QUEUE = field(PostgresConnectorTask.class, "queue");
    static final Field QUEUE_POLL_INTERVAL = field(ChangeEventQueue.class, "pollInterval");
    static final Field QUEUE_MAX_BATCH_SIZE = field(ChangeEventQueue.class, "maxBatchSize");
    static final Field QUEUE_LOCK = field(ChangeEventQueue.class, "lock");
    private static final Field STREAM_PAUSE = field(PostgresStreamingChangeEventSource.class, "pauseNoMessage");

    private ChangeEventSourceCoordinator<PostgresPartition, PostgresOffsetContext> coordinator;
    private PollPacer pacer;
    private Duration busyInterval;
    private int busyBatchSize;
    private String dataTopicPrefix;
    private QueueHandover queue;
    private boolean streamPaced;

    @Override
    public ChangeEventSourceCoordinator<PostgresPartition, PostgresOffsetContext> start(Configuration config) {
        coordinator = super.start(config);
        busyInterval = Duration.ofMillis(config.getLong("poll.interval.ms", 500L));
        busyBatchSize = config.getInteger("max.batch.size", 2048);
        dataTopicPrefix = config.getString("topic.prefix") + ".";
        pacer = new PollPacer(
                busyInterval,
                Duration.ofMillis(config.getLong(IDLE_POLL_INTERVAL_MS, busyInterval.toMillis())),
                Duration.ofMillis(config.getLong(IDLE_AFTER_MS, 0L)),
                System::nanoTime);
        String missing = hooksMissing();
        if (missing.isEmpty()) {
            queue = new QueueHandover((ChangeEventQueue<?>) read(QUEUE, this), busyBatchSize);
        } else {
            log.warn("change stream polls at a constant {} (this Debezium lacks {})", busyInterval, missing);
        }
        return coordinator;
    }

    @Override
    public List<SourceRecord> doPoll() throws InterruptedException {
        if (queue != null) {
            paceStreamOnce();
            queue.beforePoll(pacer.idle() ? Duration.ZERO : busyInterval);
        }
        List<SourceRecord> records = super.doPoll();
        for (SourceRecord record : records) {
            // Heartbeats (their own topic) come every heartbeat interval and are no sign of traffic.
            if (record.topic().startsWith(dataTopicPrefix)) {
                pacer.changesTaken();
                break;
            }
        }
        return records;
    }

    /** The stream source exists once streaming has begun (after any snapshot): checked at each poll until then. */
    private void paceStreamOnce() {
        if (streamPaced) {
            return;
        }
        coordinator.getStreamingSource().ifPresent(source -> {
            if (source instanceof PostgresStreamingChangeEventSource) {
                write(STREAM_PAUSE, source, pacedSleep(pacer));
            } else {
                log.warn("change stream polls at a constant {} (stream source {})", busyInterval, source.getClass());
            }
            streamPaced = true;
        });
    }

    /** As Debezium's constant strategy, with the pacer's interval of the moment. */
    static DelayStrategy pacedSleep(PollPacer pacer) {
        return sleep -> {
            if (!sleep) {
                return false;
            }
            try {
                Thread.sleep(pacer.interval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        };
    }

    /** What this task needs of Debezium's internals and the Debezium on the class path lacks; empty if nothing. */
    static String hooksMissing() {
        StringBuilder missing = new StringBuilder();
        check(QUEUE, "PostgresConnectorTask.queue", missing);
        check(QUEUE_POLL_INTERVAL, "ChangeEventQueue.pollInterval", missing);
        check(QUEUE_MAX_BATCH_SIZE, "ChangeEventQueue.maxBatchSize", missing);
        check(QUEUE_LOCK, "ChangeEventQueue.lock", missing);
        check(STREAM_PAUSE, "PostgresStreamingChangeEventSource.pauseNoMessage", missing);
        if (missing.isEmpty()) {
            checkType(QUEUE_POLL_INTERVAL, Duration.class, missing);
            checkType(QUEUE_MAX_BATCH_SIZE, int.class, missing);
            checkType(QUEUE_LOCK, Lock.class, missing);
            checkType(STREAM_PAUSE, DelayStrategy.class, missing);
        }
        return missing.toString();
    }

    private static void check(Field field, String name, StringBuilder missing) {
        if (field == null) {
            missing.append(missing.isEmpty() ? "" : ", ").append(name);
        }
    }

    private static void checkType(Field field, Class<?> type, StringBuilder missing) {
        if (field.getType() != type) {
            missing.append(missing.isEmpty() ? "" : ", ")
                    .append(field)
                    .append(" as ")
                    .append(type);
        }
    }

    private static Field field(Class<?> owner, String name) {
        try {
            Field field = owner.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | RuntimeException e) {
            return null;
        }
    }

    static Object read(Field field, Object owner) {
        try {
            return field.get(owner);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field, e);
        }
    }

    static void write(Field field, Object owner, Object value) {
        try {
            field.set(owner, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot set " + field, e);
        }
    }
}
