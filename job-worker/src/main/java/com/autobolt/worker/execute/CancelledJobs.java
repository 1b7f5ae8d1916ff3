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
 * instance reads it whole, without a consumer group), with the attempt that was cancelled: a cancelled
 * job can be retried (resumed) as its next attempt, whose tasks must run even before this view has
 * read the retry, and the tasks of the cancelled attempt must still be skipped after it. Only ids are
 * kept, and only for the retention period after the cancellation: a task dispatched before it is long
 * gone by then.
 */
final class CancelledJobs implements AutoCloseable {

    private record Cancellation(int attempt, Instant at) {}

    private final Map<UUID, Cancellation> cancelled = new ConcurrentHashMap<>();
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

    /** Whether attempt {@code attempt} of the job was cancelled (a later attempt is a retry, not cancelled). */
    boolean isCancelled(UUID jobId, int attempt) {
        Cancellation cancellation = cancelled.get(jobId);
        return cancellation != null && attempt <= cancellation.attempt();
    }

    void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        JobChanged change = EventJson.read(record.value(), JobChanged.class);
        if (change.after() != null && change.after().status() == JobStatus.CANCELLED) {
            cancelled(change.jobId(), change.after().attempt(), change.source().commitTimestamp());
        }
    }

    /** Records that the job's attempt was cancelled {@code at} (its commit time), unless beyond retention. */
    void cancelled(UUID jobId, int attempt, Instant at) {
        if (at.isAfter(clock.instant().minus(retention))) {
            cancelled.merge(
                    jobId,
                    new Cancellation(attempt, at),
                    (known, latest) -> known.attempt() >= latest.attempt() ? known : latest);
        }
        expireOld();
    }

    private void expireOld() {
        Instant horizon = clock.instant().minus(retention);
        cancelled.values().removeIf(cancellation -> cancellation.at().isBefore(horizon));
    }

    @Override
    public void close() {
        follower.close();
    }
}
