package com.autobolt.worker.execute;

import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.JobChanged;
import com.autobolt.schemas.JobStatus;
import com.autobolt.worker.config.KafkaClients;
import com.autobolt.worker.config.TopicFollower;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The jobs this instance knows to be cancelled, learnt from the jobs change stream (every executor
 * instance reads it whole, without a consumer group). Only ids are kept, and only for the retention
 * period after the cancellation: a task dispatched before it is long gone by then.
 */
final class CancelledJobs implements AutoCloseable {

    private final Map<UUID, Instant> cancelled = new ConcurrentHashMap<>();
    private final TopicFollower follower;
    private final Duration retention;
    private final Clock clock;

    CancelledJobs(KafkaClients clients, String topic, Duration retention, Clock clock) {
        this.follower = new TopicFollower(clients, topic, this::apply);
        this.retention = retention;
        this.clock = clock;
    }

    CancelledJobs start() {
        follower.start();
        return this;
    }

    boolean isCancelled(UUID jobId) {
        return cancelled.containsKey(jobId);
    }

    void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        JobChanged change = EventJson.read(record.value(), JobChanged.class);
        if (change.after() != null && change.after().status() == JobStatus.CANCELLED) {
            cancelled(change.jobId(), change.source().commitTimestamp());
        }
    }

    /** Records that the job was cancelled {@code at} (its commit time), unless that is beyond retention. */
    void cancelled(UUID jobId, Instant at) {
        if (at.isAfter(clock.instant().minus(retention))) {
            cancelled.put(jobId, at);
        }
        expireOld();
    }

    private void expireOld() {
        Instant horizon = clock.instant().minus(retention);
        cancelled.values().removeIf(at -> at.isBefore(horizon));
    }

    @Override
    public void close() {
        follower.close();
    }
}
