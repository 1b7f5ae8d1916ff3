package com.autobolt.api.operations;

import com.autobolt.api.retry.Backoff;
import com.autobolt.kafka.FollowerConsumers;
import com.autobolt.kafka.FollowerThread;
import com.autobolt.kafka.KafkaSettings;
import com.autobolt.schemas.BreakerState;
import com.autobolt.schemas.DirectoryBreakerChanged;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.InvalidEventException;
import com.autobolt.schemas.MessageKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers' directory breakers, as they publish them to the compacted breaker topic: read from its
 * beginning at start (no consumer group, nothing committed), then followed. Each worker's last record
 * per directory is kept; a {@code closed} one or a tombstone removes it, and a record past its
 * {@code expiresAt} is not shown (its worker went away without saying so). Everything read is bounded:
 * a record that is too large, unreadable, or keyed otherwise than its content says is skipped and
 * counted; past {@code maxBreakers} entries new keys are skipped and counted too, after the expired
 * ones are dropped. The follower never stops on a record, and after a failure it reconnects from where
 * it was, with backoff.
 */
final class BreakerView extends FollowerThread {

    private static final Logger log = LoggerFactory.getLogger(BreakerView.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    private final KafkaSettings kafka;
    private final OperationsProperties properties;
    private final Clock clock;
    private final Object lock = new Object();
    private final Map<String, DirectoryBreakerChanged> breakers = new HashMap<>(); // guarded by lock
    private final Map<Integer, Long> positions = new HashMap<>(); // guarded by lock
    private long recordsRead; // guarded by lock
    private long recordsSkipped; // guarded by lock
    private String lastSkipReason; // guarded by lock
    private String failure; // guarded by lock; null while following
    private boolean following; // guarded by lock

    BreakerView(KafkaSettings kafka, OperationsProperties properties, Clock clock) {
        super("operations-breakers");
        this.kafka = kafka;
        this.properties = properties;
        this.clock = clock;
    }

    /** The breakers not closed and not expired, longest open first, and how the view is doing. */
    record Snapshot(
            boolean following,
            String topic,
            String problem,
            long recordsRead,
            long recordsSkipped,
            String lastSkipReason,
            List<DirectoryBreakerChanged> notClosed) {}

    Snapshot snapshot() {
        Instant now = clock.instant();
        synchronized (lock) {
            List<DirectoryBreakerChanged> shown = breakers.values().stream()
                    .filter(b -> b.state() != BreakerState.CLOSED && now.isBefore(b.expiresAt()))
                    .sorted(Comparator.comparing(DirectoryBreakerChanged::since)
                            .thenComparing(DirectoryBreakerChanged::directoryId)
                            .thenComparing(DirectoryBreakerChanged::workerId))
                    .toList();
            return new Snapshot(
                    following, properties.breakersTopic(), failure, recordsRead, recordsSkipped, lastSkipReason, shown);
        }
    }

    @Override
    protected void follow() {
        int failures = 0;
        while (isRunning()) {
            try (KafkaConsumer<String, byte[]> kafkaConsumer = newConsumer()) {
                following(kafkaConsumer);
                if (!attach(kafkaConsumer)) {
                    pause(BACKOFF.initial());
                    continue;
                }
                failures = 0;
                while (isRunning()) {
                    for (ConsumerRecord<String, byte[]> record : kafkaConsumer.poll(POLL)) {
                        apply(record);
                    }
                }
            } catch (WakeupException e) {
                break;
            } catch (RuntimeException e) {
                failures++;
                Duration backoff = BACKOFF.after(failures);
                synchronized (lock) {
                    following = false;
                    failure = "reading " + properties.breakersTopic() + " failed: " + e;
                }
                log.warn("operations: following the breaker topic failed ({}); retrying in {}", e.toString(), backoff);
                pause(backoff);
            } finally {
                following(null);
            }
        }
    }

    /** Assigns every partition: from the beginning the first time, from where it was after a reconnect. */
    private boolean attach(KafkaConsumer<String, byte[]> kafkaConsumer) {
        List<PartitionInfo> infos = kafkaConsumer.partitionsFor(properties.breakersTopic(), METADATA_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            synchronized (lock) {
                failure = "the topic " + properties.breakersTopic() + " does not exist yet (a worker creates it)";
            }
            return false;
        }
        List<TopicPartition> partitions = infos.stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        kafkaConsumer.assign(partitions);
        Map<Integer, Long> known;
        synchronized (lock) {
            known = Map.copyOf(positions);
        }
        for (TopicPartition partition : partitions) {
            Long position = known.get(partition.partition());
            if (position == null) {
                kafkaConsumer.seekToBeginning(List.of(partition));
            } else {
                kafkaConsumer.seek(partition, position);
            }
        }
        synchronized (lock) {
            following = true;
            failure = null;
        }
        log.info("operations: following {} ({} partitions)", properties.breakersTopic(), partitions.size());
        return true;
    }

    void apply(ConsumerRecord<String, byte[]> record) {
        String skipped = null;
        DirectoryBreakerChanged event = null;
        if (record.value() != null) {
            if (record.value().length > properties.maxBreakerRecordBytes()) {
                skipped = "a record of " + record.value().length + " bytes (at most "
                        + properties.maxBreakerRecordBytes() + ")";
            } else {
                try {
                    event = EventJson.read(record.value(), DirectoryBreakerChanged.class);
                    if (!MessageKeys.breaker(event.workerId(), event.directoryId())
                            .equals(record.key())) {
                        skipped = "a record whose key is not <workerId>/<directoryId> of its content";
                    }
                } catch (InvalidEventException e) {
                    skipped = "an unreadable record: " + e.getMessage();
                }
            }
        } else if (record.key() == null) {
            skipped = "a tombstone without a key";
        }
        synchronized (lock) {
            positions.put(record.partition(), record.offset() + 1);
            recordsRead++;
            if (skipped == null
                    && event != null
                    && event.state() != BreakerState.CLOSED
                    && !breakers.containsKey(record.key())) {
                skipped = roomFor();
            }
            if (skipped != null) {
                recordsSkipped++;
                lastSkipReason =
                        cut(skipped) + " at " + record.topic() + "-" + record.partition() + "@" + record.offset();
                log.warn("operations: skipped {}", lastSkipReason);
                return;
            }
            if (event == null || event.state() == BreakerState.CLOSED) {
                breakers.remove(record.key());
            } else {
                breakers.put(record.key(), event);
            }
        }
    }

    /** Null when a new entry fits, after dropping the expired ones if need be; else why not. */
    private String roomFor() {
        if (breakers.size() < properties.maxBreakers()) {
            return null;
        }
        Instant now = clock.instant();
        breakers.values().removeIf(b -> !now.isBefore(b.expiresAt()));
        return breakers.size() < properties.maxBreakers()
                ? null
                : "a breaker beyond the " + properties.maxBreakers() + " kept (autobolt.operations.max-breakers)";
    }

    private static String cut(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        return FollowerConsumers.create(kafka, "job-api-operations-breakers");
    }
}
