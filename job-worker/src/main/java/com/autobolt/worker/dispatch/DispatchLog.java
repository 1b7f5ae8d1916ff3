package com.autobolt.worker.dispatch;

import com.autobolt.worker.config.KafkaClients;
import com.autobolt.worker.config.TopicFollower;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Which (job, attempt) pairs have been dispatched: the dispatcher's memory without a database.
 *
 * <p>Every dispatch writes a record keyed {@code jobId:attempt} to a compacted topic in the same
 * Kafka transaction as its claim events and its jobs-topic offset, so the mark exists exactly when
 * the tasks do. Every dispatcher instance reads the whole log into a set on start and follows it;
 * before taking over partitions of the jobs topic it waits until it has read everything committed,
 * so a change event delivered twice, even to another instance after a rebalance, finds its mark.
 * The set holds one short string per job attempt (about 100 bytes; a million attempts is ~100 MB
 * at worst), which the compacted topic keeps bounded by the number of distinct attempts.
 */
final class DispatchLog implements AutoCloseable {

    private final Set<String> dispatched = ConcurrentHashMap.newKeySet();
    private final String topic;
    private final TopicFollower follower;

    DispatchLog(KafkaClients clients, String topic) {
        this.topic = topic;
        this.follower = new TopicFollower(clients, topic, record -> dispatched.add(record.key()));
    }

    DispatchLog start() {
        follower.start();
        return this;
    }

    boolean awaitCaughtUp(Duration timeout) {
        return follower.awaitCaughtUp(timeout);
    }

    boolean contains(UUID jobId, int attempt) {
        return dispatched.contains(key(jobId, attempt));
    }

    void remember(UUID jobId, int attempt) {
        dispatched.add(key(jobId, attempt));
    }

    void forget(UUID jobId, int attempt) {
        dispatched.remove(key(jobId, attempt));
    }

    ProducerRecord<String, byte[]> mark(UUID jobId, int attempt, int tasks, Instant at) {
        String value = "{\"jobId\":\"" + jobId + "\",\"attempt\":" + attempt + ",\"tasks\":" + tasks
                + ",\"dispatchedAt\":\"" + at + "\"}";
        return new ProducerRecord<>(topic, key(jobId, attempt), value.getBytes(StandardCharsets.UTF_8));
    }

    private static String key(UUID jobId, int attempt) {
        return jobId + ":" + attempt;
    }

    @Override
    public void close() {
        follower.close();
    }
}
