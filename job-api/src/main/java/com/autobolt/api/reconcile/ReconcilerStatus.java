package com.autobolt.api.reconcile;

import java.time.Clock;
import java.time.Instant;

/** What the reconciler of this instance has done since start, as its health reports it. Thread-safe. */
final class ReconcilerStatus {

    /** An immutable view at one moment; times are null until the first such event. */
    record Snapshot(
            Instant lastPassAt,
            Instant lastActedAt,
            long passes,
            long passesSkipped,
            long jobsRepublished,
            long tasksRedispatched,
            long tasksEndedLeaseExpired,
            long tasksEndedDirectoryInactive,
            long rowsUnreadable,
            long failedPasses,
            String lastError,
            Instant lastErrorAt) {}

    private final Clock clock;
    private Snapshot current = new Snapshot(null, null, 0, 0, 0, 0, 0, 0, 0, 0, null, null);

    ReconcilerStatus(Clock clock) {
        this.clock = clock;
    }

    synchronized Snapshot snapshot() {
        return current;
    }

    synchronized void passed(PassReport report) {
        Instant now = clock.instant();
        Snapshot s = current;
        current = new Snapshot(
                now,
                report.acted() ? now : s.lastActedAt(),
                s.passes() + 1,
                s.passesSkipped() + (report.skipped() ? 1 : 0),
                s.jobsRepublished() + report.jobsRepublished(),
                s.tasksRedispatched() + report.tasksRedispatched(),
                s.tasksEndedLeaseExpired() + report.tasksEndedLeaseExpired(),
                s.tasksEndedDirectoryInactive() + report.tasksEndedDirectoryInactive(),
                s.rowsUnreadable() + report.rowsUnreadable(),
                s.failedPasses(),
                s.lastError(),
                s.lastErrorAt());
    }

    synchronized void failed(String error) {
        Instant now = clock.instant();
        Snapshot s = current;
        current = new Snapshot(
                now,
                s.lastActedAt(),
                s.passes() + 1,
                s.passesSkipped(),
                s.jobsRepublished(),
                s.tasksRedispatched(),
                s.tasksEndedLeaseExpired(),
                s.tasksEndedDirectoryInactive(),
                s.rowsUnreadable(),
                s.failedPasses() + 1,
                error,
                now);
    }
}
