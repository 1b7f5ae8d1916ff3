package com.autobolt.api.lease;

import com.autobolt.api.retry.Backoff;
import com.autobolt.kafka.AutoBoltTopics;
import com.autobolt.kafka.FollowerConsumers;
import com.autobolt.kafka.FollowerThread;
import com.autobolt.kafka.KafkaSettings;
import com.autobolt.kafka.TopicProvisioner;
import com.autobolt.schemas.DeadLetterHeaders;
import com.autobolt.schemas.DirectoryTaskDispatched;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.InvalidEventException;
import com.autobolt.schemas.MessageKeys;
import com.autobolt.schemas.Topics;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Follows {@code autobolt.directory-tasks.external} (read_committed, no consumer group) into the
 * {@code external_tasks} table. Each poll's tasks and the positions after them commit in one transaction, so
 * a restart resumes where the table says; a task id already there is left alone ({@code ON CONFLICT DO
 * NOTHING}), so a claim re-sent by the dispatcher or the reconciler is harmless, and every job-api instance
 * may follow the topic at once. A record that cannot be a task (unreadable, keyed otherwise than its
 * directory, of a job that does not exist) goes to the topic's dead-letter topic with its reason, and the
 * follower goes on. A failure of Kafka or PostgreSQL rolls the poll back and reconnects with backoff.
 */
final class ExternalTaskFollower extends FollowerThread {

    private static final Logger log = LoggerFactory.getLogger(ExternalTaskFollower.class);
    /**
     * Records end a poll at once and a stop wakes it, so this only says how often the loop turns while nothing
     * comes: five times a second at 200 ms, a tenth of an idle job-api's CPU (issue 16).
     */
    private static final Duration POLL = Duration.ofSeconds(1);

    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration WAITING_COUNT_INTERVAL = Duration.ofSeconds(10);
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
    /** A claim event is a few KiB; a record far above that is not one. */
    static final int MAX_RECORD_BYTES = 1 << 20;

    private static final String INSERT = """
            INSERT INTO external_tasks (task_id, job_id, directory_id, attempt, priority, claim, dispatched_at)
            SELECT ?, ?, ?, ?, ?, ?::jsonb, ? WHERE EXISTS (SELECT 1 FROM jobs WHERE id = ?)
            ON CONFLICT (task_id) DO NOTHING
            """;

    private static final String POSITION = """
            INSERT INTO external_task_positions (topic, partition, next_offset) VALUES (?, ?, ?)
            ON CONFLICT (topic, partition) DO UPDATE
                SET next_offset = greatest(external_task_positions.next_offset, EXCLUDED.next_offset)
            """;

    private final KafkaSettings kafka;
    private final TopicProvisioner provisioner;
    private final Producer<String, byte[]> producer;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final LeaseMetrics metrics;
    private final String topic;
    private final String resultsTopic;
    private Instant waitingCountedAt = Instant.EPOCH;

    ExternalTaskFollower(
            KafkaSettings kafka,
            TopicProvisioner provisioner,
            Producer<String, byte[]> producer,
            JdbcTemplate jdbc,
            TransactionTemplate transaction,
            LeaseMetrics metrics,
            String topic,
            String resultsTopic) {
        super("lease-external-tasks");
        this.kafka = kafka;
        this.provisioner = provisioner;
        this.producer = producer;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.metrics = metrics;
        this.topic = topic;
        this.resultsTopic = resultsTopic;
    }

    @Override
    protected void follow() {
        int failures = 0;
        while (isRunning()) {
            try (KafkaConsumer<String, byte[]> kafkaConsumer = FollowerConsumers.create(kafka, "job-api-lease")) {
                following(kafkaConsumer);
                // The worker creates the task topic too; job-api may start first. It writes the dead letters
                // and, for leased tasks, results.
                provisioner.ensure(List.of(
                        AutoBoltTopics.externalTasks(topic, kafka.topics()),
                        AutoBoltTopics.deadLetterOf(topic),
                        AutoBoltTopics.work(resultsTopic, kafka.topics())));
                if (!attach(kafkaConsumer)) {
                    pause(BACKOFF.initial());
                    continue;
                }
                failures = 0;
                while (isRunning()) {
                    ConsumerRecords<String, byte[]> records = kafkaConsumer.poll(POLL);
                    if (!records.isEmpty()) {
                        record(records);
                    }
                    countWaiting();
                }
            } catch (WakeupException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                failures++;
                Duration backoff = BACKOFF.after(failures);
                log.warn("lease: following {} failed ({}); reconnecting in {}", topic, e.toString(), backoff);
                pause(backoff);
            } finally {
                following(null);
            }
        }
    }

    /** Assigns every partition at the position the table keeps (the beginning when it has none). */
    private boolean attach(KafkaConsumer<String, byte[]> kafkaConsumer) {
        List<PartitionInfo> infos = kafkaConsumer.partitionsFor(topic, METADATA_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            return false;
        }
        List<TopicPartition> partitions = infos.stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        kafkaConsumer.assign(partitions);
        Map<Integer, Long> positions = new HashMap<>();
        jdbc.query(
                "SELECT partition, next_offset FROM external_task_positions WHERE topic = ?",
                row -> {
                    positions.put(row.getInt("partition"), row.getLong("next_offset"));
                },
                topic);
        for (TopicPartition partition : partitions) {
            Long position = positions.get(partition.partition());
            if (position == null) {
                kafkaConsumer.seekToBeginning(List.of(partition));
            } else {
                kafkaConsumer.seek(partition, position);
            }
        }
        log.info("lease: following {} ({} partitions)", topic, partitions.size());
        return true;
    }

    /** Records one poll: tasks and positions in one transaction, dead letters acknowledged before it commits. */
    void record(ConsumerRecords<String, byte[]> records) {
        transaction.executeWithoutResult(status -> {
            List<Future<RecordMetadata>> deadLetters = new ArrayList<>();
            Map<Integer, Long> next = new HashMap<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                String problem = insert(record);
                if (problem != null) {
                    log.warn(
                            "lease: dead-lettering {}-{}@{}: {}",
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            problem);
                    deadLetters.add(producer.send(deadLetter(record, problem)));
                }
                next.merge(record.partition(), record.offset() + 1, Math::max);
            }
            for (Future<RecordMetadata> sent : deadLetters) {
                try {
                    sent.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while dead-lettering", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("could not dead-letter a record: " + e.getCause(), e.getCause());
                }
            }
            next.forEach((partition, offset) -> jdbc.update(POSITION, topic, partition, offset));
        });
    }

    /** Null when the record is a task now in the table (new or not); else why it cannot be one. */
    private String insert(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return "a record without a value";
        }
        if (record.value().length > MAX_RECORD_BYTES) {
            return "a record of " + record.value().length + " bytes (a claim event is at most " + MAX_RECORD_BYTES
                    + ")";
        }
        DirectoryTaskDispatched claim;
        try {
            claim = EventJson.read(record.value(), DirectoryTaskDispatched.class);
        } catch (InvalidEventException e) {
            return "an unreadable claim event: " + e.getMessage();
        }
        if (!MessageKeys.directory(claim.directoryId()).equals(record.key())) {
            return "a claim event keyed '" + record.key() + "', not by its directory " + claim.directoryId();
        }
        int inserted = jdbc.update(
                INSERT,
                claim.taskId(),
                claim.jobId(),
                claim.directoryId(),
                claim.attempt(),
                claim.priority(),
                EventJson.writeString(claim),
                Timestamp.from(claim.dispatchedAt()),
                claim.jobId());
        if (inserted == 0) {
            Integer known = jdbc.queryForObject(
                    "SELECT count(*) FROM external_tasks WHERE task_id = ?", Integer.class, claim.taskId());
            if (known == null || known == 0) {
                return "job " + claim.jobId() + " does not exist";
            }
        }
        return null;
    }

    private ProducerRecord<String, byte[]> deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, DeadLetterHeaders.value(reason));
        headers.add(DeadLetterHeaders.ORIGINAL_TOPIC, DeadLetterHeaders.value(record.topic()));
        headers.add(DeadLetterHeaders.ORIGINAL_PARTITION, DeadLetterHeaders.value(String.valueOf(record.partition())));
        headers.add(DeadLetterHeaders.ORIGINAL_OFFSET, DeadLetterHeaders.value(String.valueOf(record.offset())));
        return new ProducerRecord<>(Topics.deadLetterOf(record.topic()), null, record.key(), record.value(), headers);
    }

    private void countWaiting() {
        Instant now = Instant.now();
        if (now.isBefore(waitingCountedAt.plus(WAITING_COUNT_INTERVAL))) {
            return;
        }
        waitingCountedAt = now;
        Long waiting = jdbc.queryForObject(
                "SELECT count(*) FROM external_tasks WHERE state = 'waiting'"
                        + " OR (state = 'leased' AND lease_expires_at <= clock_timestamp())",
                Long.class);
        metrics.waiting(waiting == null ? 0 : waiting);
    }
}
