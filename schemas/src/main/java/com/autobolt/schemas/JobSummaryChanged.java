package com.autobolt.schemas;

import java.time.Instant;
import java.util.UUID;

/**
 * The state of one job without personal data (no customer, business profile, reference or metadata):
 * published to {@link Topics#ANALYTICS_JOBS} (compacted), keyed {@link MessageKeys#job}, each time the
 * job's row changes. Compaction keeps every job's latest state, so a new subscriber rebuilds the current
 * status and counts of every job from the beginning of the topic.
 */
public record JobSummaryChanged(
        int schemaVersion,
        UUID jobId,
        PackageType packageType,
        int directoryCount,
        int priority,
        JobStatus status,
        int attempt,
        Progress progress,
        JobOrigin origin,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant completedAt,
        long version) {

    public static final int SCHEMA_VERSION = 1;

    public JobSummaryChanged {
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION, "JobSummaryChanged");
        Require.present(jobId, "jobId");
        Require.present(packageType, "packageType");
        Require.present(status, "status");
        Require.positive(attempt, "attempt");
        Require.present(progress, "progress");
        Require.present(origin, "origin");
        Require.present(createdAt, "createdAt");
        Require.present(updatedAt, "updatedAt");
    }

    /** The job's row without what identifies its customer. */
    public static JobSummaryChanged of(JobState job) {
        return new JobSummaryChanged(
                SCHEMA_VERSION,
                job.id(),
                job.packageType(),
                job.directoryCount(),
                job.priority(),
                job.status(),
                job.attempt(),
                job.progress(),
                job.origin(),
                job.createdAt(),
                job.updatedAt(),
                job.startedAt(),
                job.completedAt(),
                job.version());
    }
}
