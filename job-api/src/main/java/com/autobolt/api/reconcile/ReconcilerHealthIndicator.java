package com.autobolt.api.reconcile;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the reconciler, as {@code reconciler} in {@code /actuator/health}: DOWN while its last
 * pass failed (with the error), else UP; the details count what it repaired since start.
 */
final class ReconcilerHealthIndicator implements HealthIndicator {

    private final ReconcilerStatus status;

    ReconcilerHealthIndicator(ReconcilerStatus status) {
        this.status = status;
    }

    @Override
    public Health health() {
        ReconcilerStatus.Snapshot s = status.snapshot();
        boolean lastPassFailed = s.lastErrorAt() != null && s.lastErrorAt().equals(s.lastPassAt());
        Health.Builder health = lastPassFailed ? Health.down() : Health.up();
        health.withDetail("lastPassAt", String.valueOf(s.lastPassAt()))
                .withDetail("lastActedAt", String.valueOf(s.lastActedAt()))
                .withDetail("passes", s.passes())
                .withDetail("passesSkipped", s.passesSkipped())
                .withDetail("failedPasses", s.failedPasses())
                .withDetail("jobsRepublished", s.jobsRepublished())
                .withDetail("tasksRedispatched", s.tasksRedispatched())
                .withDetail("tasksEndedLeaseExpired", s.tasksEndedLeaseExpired())
                .withDetail("tasksEndedDirectoryInactive", s.tasksEndedDirectoryInactive())
                .withDetail("rowsUnreadable", s.rowsUnreadable());
        if (s.lastError() != null) {
            health.withDetail("lastError", s.lastError())
                    .withDetail("lastErrorAt", s.lastErrorAt().toString());
        }
        return health.build();
    }
}
