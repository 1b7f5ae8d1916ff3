package com.autobolt.api.reconcile;

import com.autobolt.schemas.Priority;
import com.autobolt.schemas.Topics;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the reconciler ({@code autobolt.reconciler.*}; the env names are in application.properties).
 *
 * @param interval how often a pass runs (on the one instance that gets the lock)
 * @param dispatchBound how long a job may stay {@code pending} without a result row of its current
 *     attempt before its row is republished as a snapshot change; also the least time between two
 *     republications of one job
 * @param lease how long a {@code pending} or {@code claimed} result row may stay unchanged before
 *     the task is re-dispatched, extended for slow directories (see {@link TaskRepairs})
 * @param maxRedispatches re-dispatches of one task that did not move it, after which the next
 *     expiry ends it {@code failed} / {@code lease_expired}
 * @param batchSize the most jobs, and the most tasks, one pass repairs; the rest wait for the next pass
 * @param jobsTopic where snapshot changes go; follows {@code autobolt.cdc.jobs-topic}
 * @param tasksTopic where claim events of priority 3 to 5 go
 * @param priorityTasksTopic where claim events of priority 1 and 2 go
 * @param externalTasksTopic where claim events of external directories go (the lease service reads them)
 * @param resultsTopic where the terminal results of ended tasks go
 * @param producerDeliveryTimeout how long a send may take before the pass fails (and is rolled back)
 */
@ConfigurationProperties(prefix = "autobolt.reconciler")
record ReconcilerProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("30s") Duration interval,
        @DefaultValue("2m") Duration dispatchBound,
        @DefaultValue("15m") Duration lease,
        @DefaultValue("3") int maxRedispatches,
        @DefaultValue("500") int batchSize,
        @DefaultValue(Topics.JOBS) String jobsTopic,
        @DefaultValue(Topics.DIRECTORY_TASKS) String tasksTopic,
        @DefaultValue(Topics.DIRECTORY_TASKS_PRIORITY) String priorityTasksTopic,
        @DefaultValue(Topics.DIRECTORY_TASKS_EXTERNAL) String externalTasksTopic,
        @DefaultValue(Topics.DIRECTORY_RESULTS) String resultsTopic,
        @DefaultValue("30s") Duration producerDeliveryTimeout) {

    ReconcilerProperties {
        requirePositive(interval, "interval");
        requirePositive(dispatchBound, "dispatch-bound");
        requirePositive(lease, "lease");
        requirePositive(producerDeliveryTimeout, "producer-delivery-timeout");
        if (maxRedispatches < 0) {
            throw new IllegalArgumentException(
                    "autobolt.reconciler.max-redispatches must not be negative, was " + maxRedispatches);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("autobolt.reconciler.batch-size must be at least 1, was " + batchSize);
        }
    }

    /** The task topic of a job's priority, as the dispatcher chooses it. */
    String tasksTopicFor(int priority) {
        return Priority.isHigh(priority) ? priorityTasksTopic : tasksTopic;
    }

    private static void requirePositive(Duration value, String name) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("autobolt.reconciler." + name + " must be positive, was " + value);
        }
    }
}
