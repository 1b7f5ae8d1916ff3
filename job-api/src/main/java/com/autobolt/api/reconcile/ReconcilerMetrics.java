package com.autobolt.api.reconcile;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToLongFunction;

/**
 * What the reconciler did, as counters read from its {@link ReconcilerStatus} (docs/metrics.md): one
 * series per kind of action, one per pass result.
 */
final class ReconcilerMetrics implements MeterBinder {

    private final ReconcilerStatus status;

    ReconcilerMetrics(ReconcilerStatus status) {
        this.status = status;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        action(registry, "job_republished", ReconcilerStatus.Snapshot::jobsRepublished);
        action(registry, "task_redispatched", ReconcilerStatus.Snapshot::tasksRedispatched);
        action(registry, "task_ended_lease_expired", ReconcilerStatus.Snapshot::tasksEndedLeaseExpired);
        action(registry, "task_ended_directory_inactive", ReconcilerStatus.Snapshot::tasksEndedDirectoryInactive);
        action(registry, "row_unreadable", ReconcilerStatus.Snapshot::rowsUnreadable);
        pass(registry, "completed", s -> s.passes() - s.passesSkipped() - s.failedPasses());
        pass(registry, "skipped", ReconcilerStatus.Snapshot::passesSkipped);
        pass(registry, "failed", ReconcilerStatus.Snapshot::failedPasses);
    }

    private void action(MeterRegistry registry, String kind, ToLongFunction<ReconcilerStatus.Snapshot> count) {
        FunctionCounter.builder("autobolt.reconciler.actions", status, s -> count.applyAsLong(s.snapshot()))
                .description("What this instance's reconciler repaired (or found unreadable), by kind")
                .tag("kind", kind)
                .register(registry);
    }

    private void pass(MeterRegistry registry, String result, ToLongFunction<ReconcilerStatus.Snapshot> count) {
        FunctionCounter.builder("autobolt.reconciler.passes", status, s -> count.applyAsLong(s.snapshot()))
                .description("Reconciler passes of this instance: completed, skipped (another instance held the"
                        + " lock) or failed")
                .tag("result", result)
                .register(registry);
    }
}
