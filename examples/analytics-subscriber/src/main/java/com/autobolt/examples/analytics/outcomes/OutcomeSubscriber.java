package com.autobolt.examples.analytics.outcomes;

import com.autobolt.examples.analytics.outcomes.StoredOffsets.PositionMovedException;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads the outcomes topic with one {@link KafkaConsumer} on a thread of its own and applies each poll's
 * records in ONE database transaction that also moves the partitions' stored offsets: the rows and the
 * offsets always describe the same prefix of each partition, whatever moment the process dies at.
 */
@Component
class OutcomeSubscriber implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutcomeSubscriber.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final SubscriberSettings settings;
    private final OutcomeStore store;
    private final StoredOffsets offsets;
    private final TransactionTemplate transaction;

    /**
     * The stored next offset of each partition this instance reads, as it last read or wrote it, which is
     * also where its consumer was moved to. A partition is absent until then: its records are not applied.
     * Only the consumer's thread uses it (the rebalance listener runs inside {@code poll}).
     */
    private final Map<TopicPartition, Long> positions = new HashMap<>();

    private volatile boolean running;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    OutcomeSubscriber(
            SubscriberSettings settings, OutcomeStore store, StoredOffsets offsets, TransactionTemplate transaction) {
        this.settings = settings;
        this.store = store;
        this.offsets = offsets;
        this.transaction = transaction;
    }

    /** The client settings: the configured ones, then the ones exactly-once depends on, which always win. */
    Map<String, Object> consumerProperties() {
        Map<String, Object> properties = new HashMap<>(settings.clientProperties());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        // Kafka's copy of the offsets is never committed nor read: ours are in PostgreSQL.
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Only what the producer committed: an aborted transaction's records are never counted.
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Used only when a stored offset is out of range (the topic was recreated): read it all again.
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        // Bytes, read by EventJson here: a record that is not an event is skipped, it cannot break poll().
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return properties;
    }

    @Override
    public synchronized void start() {
        consumer = new KafkaConsumer<>(consumerProperties());
        running = true;
        thread = new Thread(this::run, "outcome-subscriber");
        thread.start();
        log.info("reading {} as group {}", settings.topic(), settings.groupId());
    }

    @Override
    public synchronized void stop() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        try (KafkaConsumer<String, byte[]> closedAtTheEnd = consumer) {
            consumer.subscribe(List.of(settings.topic()), new ResumeFromStoredOffsets());
            while (running) {
                try {
                    ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
                    if (!records.isEmpty()) {
                        applyOrRewind(records);
                    }
                    backoff = FIRST_BACKOFF;
                } catch (WakeupException e) {
                    // stop(): the loop ends
                } catch (RuntimeException e) {
                    // PostgreSQL or Kafka unreachable: nothing of this poll was written, so forget where the
                    // consumer is and start again from the stored offsets once they can be read.
                    log.error("could not apply the records read; resuming from the stored offsets in {}", backoff, e);
                    positions.clear();
                    sleep(backoff);
                    backoff =
                            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        }
    }

    private void applyOrRewind(ConsumerRecords<String, byte[]> records) {
        if (!positions.keySet().containsAll(records.partitions())) {
            // Some were read from wherever Kafka put the consumer (after a failed rebalance listener): not
            // ours to apply. None of the poll is applied, so every partition in it goes back, not only those.
            seekToStored(records.partitions());
            return;
        }
        try {
            commit(byPartition(records), TopicRecord::read);
        } catch (PositionMovedException e) {
            log.warn("another instance has read past this one ({}); resuming from the stored offsets", e.getMessage());
            seekToStored(records.partitions());
        } catch (RuntimeException e) {
            isolate(records, e);
        }
    }

    /**
     * After a poll's transaction failed: each record in a transaction of its own, so that one record the
     * database refuses (whatever the reason) is skipped and kept in {@code skipped_records} instead of
     * stopping the subscriber. If the database does not answer at all, skipping fails too and the poll's
     * records are read again later.
     */
    private void isolate(ConsumerRecords<String, byte[]> records, RuntimeException batchFailure) {
        log.warn(
                "a transaction of {} records failed ({}); applying them one by one",
                records.count(),
                batchFailure.toString());
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> single = Map.of(partition, List.of(record));
                try {
                    commit(single, TopicRecord::read);
                } catch (PositionMovedException e) {
                    throw e;
                } catch (RuntimeException e) {
                    commit(single, (key, value) -> new TopicRecord.Unreadable("the database refused it: " + e));
                }
            }
        }
    }

    /** Applies the records and moves their partitions' stored offsets past them, in one transaction. */
    private void commit(
            Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> records,
            BiFunction<String, byte[], TopicRecord> reader) {
        Map<TopicPartition, Long> next = transaction.execute(status -> {
            Map<TopicPartition, Long> moved = new HashMap<>();
            // Always in the same order, so that two instances locking the same partitions cannot deadlock.
            records.keySet().stream()
                    .sorted(Comparator.comparingInt(TopicPartition::partition))
                    .forEach(partition -> offsets.lock(partition, positions.get(partition)));
            for (Map.Entry<TopicPartition, List<ConsumerRecord<String, byte[]>>> entry : records.entrySet()) {
                TopicPartition partition = entry.getKey();
                List<ConsumerRecord<String, byte[]>> read = entry.getValue();
                for (ConsumerRecord<String, byte[]> record : read) {
                    store.apply(
                            reader.apply(record.key(), record.value()),
                            new SourceOffset(record.topic(), record.partition(), record.offset(), record.key()));
                }
                long nextOffset = read.get(read.size() - 1).offset() + 1;
                offsets.advance(partition, nextOffset, read.size());
                moved.put(partition, nextOffset);
            }
            return moved;
        });
        positions.putAll(next);
    }

    private static Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> byPartition(
            ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> byPartition = new HashMap<>();
        records.partitions().forEach(partition -> byPartition.put(partition, records.records(partition)));
        return byPartition;
    }

    private void seekToStored(Collection<TopicPartition> partitions) {
        Function<Collection<TopicPartition>, Map<TopicPartition, Long>> beginnings = consumer::beginningOffsets;
        offsets.resume(partitions, beginnings).forEach((partition, offset) -> {
            consumer.seek(partition, offset);
            positions.put(partition, offset);
        });
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Moves the consumer to the stored offsets of the partitions it is given; forgets those it loses.
     * Nothing is pending when partitions are revoked: each poll's records are committed to PostgreSQL
     * before the next poll, inside which the listener runs.
     */
    private final class ResumeFromStoredOffsets implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                seekToStored(partitions);
                log.info("resuming {} from the stored offsets", partitions);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            positions.keySet().removeAll(partitions);
        }
    }
}
