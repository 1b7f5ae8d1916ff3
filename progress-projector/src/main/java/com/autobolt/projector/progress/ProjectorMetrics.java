package com.autobolt.projector.progress;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The projector's own meters (docs/metrics.md). Job durations are measured here because the projector
 * is the one that moves a job to {@code in_progress} and to {@code complete} or {@code failed}: each is
 * recorded once, when the transaction that makes the move commits.
 */
@Component
class ProjectorMetrics {

    // Jobs take seconds (a starter job against fast sites) to hours (slow sites, breakers, retries).
    private static final Duration[] JOB_BUCKETS = {
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        Duration.ofSeconds(15),
        Duration.ofSeconds(30),
        Duration.ofMinutes(1),
        Duration.ofMinutes(2),
        Duration.ofMinutes(5),
        Duration.ofMinutes(10),
        Duration.ofMinutes(30),
        Duration.ofHours(1),
        Duration.ofHours(3),
        Duration.ofHours(12),
        Duration.ofDays(1)
    };

    private final MeterRegistry registry;
    private final Counter projected;
    private final DistributionSummary batchSize;
    private final Timer batchDuration;
    private final Timer timeToFirstResult;

    ProjectorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.projected = Counter.builder("autobolt.projector.results.projected")
                .description("Result events applied to job_results and jobs (records read minus those dead-lettered)")
                .register(registry);
        this.batchSize = DistributionSummary.builder("autobolt.projector.batch.size")
                .description("Records per batch the projector received")
                .baseUnit("records")
                .serviceLevelObjectives(1, 10, 50, 100, 250, 500, 1000)
                .register(registry);
        this.batchDuration = Timer.builder("autobolt.projector.batch.duration")
                .description("How long one batch took: reading, the database transactions and the dead letters")
                .serviceLevelObjectives(
                        Duration.ofMillis(5),
                        Duration.ofMillis(10),
                        Duration.ofMillis(25),
                        Duration.ofMillis(50),
                        Duration.ofMillis(100),
                        Duration.ofMillis(250),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(5))
                .register(registry);
        this.timeToFirstResult = Timer.builder("autobolt.job.time.to.first.result")
                .description("From a job's creation to its first result (the first directory claimed), first"
                        + " attempts only")
                .serviceLevelObjectives(JOB_BUCKETS)
                .register(registry);
    }

    /** A batch that completed: {@code records} read, {@code rejected} of them dead-lettered. */
    void batchDone(int records, int rejected, long nanos) {
        batchSize.record(records);
        batchDuration.record(nanos, TimeUnit.NANOSECONDS);
        projected.increment(records - rejected);
    }

    void deadLettered(List<Rejection> rejections) {
        for (Rejection rejection : rejections) {
            Counter.builder("autobolt.deadletter.records")
                    .description("Records set aside to their dead-letter topic, by source topic and reason kind")
                    .tags("topic", rejection.record().topic(), "reason", rejection.kind())
                    .register(registry)
                    .increment();
        }
    }

    /**
     * Records, once the current transaction commits, what each job's move means: the time to its first
     * result when it leaves {@code pending}, its duration when it ends. Only first attempts: a retried
     * job's creation time says nothing about how long the retry took.
     */
    void afterCommit(List<JobMove> moves) {
        List<Runnable> records = new ArrayList<>();
        for (JobMove move : moves) {
            LockedJob before = move.before();
            JobProgress after = move.after();
            if (before.attempt() != 1 || before.createdAt() == null) {
                continue;
            }
            if (before.startedAt() == null && after.startedAt() != null) {
                Duration wait = nonNegative(Duration.between(before.createdAt(), after.startedAt()));
                records.add(() -> timeToFirstResult.record(wait));
            }
            if (!before.status().isTerminal() && after.status().isTerminal() && after.completedAt() != null) {
                Duration took = nonNegative(Duration.between(before.createdAt(), after.completedAt()));
                String status = after.status().value();
                records.add(() -> jobDuration(status).record(took));
            }
        }
        if (records.isEmpty()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                records.forEach(Runnable::run);
            }
        });
    }

    private Timer jobDuration(String status) {
        return Timer.builder("autobolt.job.duration")
                .description("From a job's creation to its end (complete or failed), first attempts only")
                .tag("status", status)
                .serviceLevelObjectives(JOB_BUCKETS)
                .register(registry);
    }

    // Created in PostgreSQL, started and ended on the workers' clocks: a skew must not make a negative time.
    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }

    /** A job's row before a batch and the progress the batch gives it. */
    record JobMove(LockedJob before, JobProgress after) {}
}
