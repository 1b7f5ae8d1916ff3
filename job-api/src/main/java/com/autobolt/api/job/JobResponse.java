package com.autobolt.api.job;

import com.autobolt.schemas.JobState;
import com.autobolt.schemas.JobStatus;
import com.autobolt.schemas.PackageType;
import com.autobolt.schemas.Progress;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A job as the API shows it, over REST and in the live event streams alike.
 *
 * @param externalRef the creator's own reference (unique per customer), or null
 * @param metadata the creator's JSON object, or null
 * @param version the row's version: it grows with every change, so a client that sees one job from
 *     several sources keeps the state with the highest version
 */
public record JobResponse(
        UUID id,
        UUID customerId,
        PackageType packageType,
        int directoryCount,
        int priority,
        JobStatus status,
        int attempt,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant completedAt,
        String errorMessage,
        JobProgress progress,
        String externalRef,
        Map<String, Object> metadata,
        long version) {

    /** The same view of a row as published by the change stream. */
    public static JobResponse of(JobState state) {
        return new JobResponse(
                state.id(),
                state.customerId(),
                state.packageType(),
                state.directoryCount(),
                state.priority(),
                state.status(),
                state.attempt(),
                state.createdAt(),
                state.updatedAt(),
                state.startedAt(),
                state.completedAt(),
                state.errorMessage(),
                JobProgress.of(state.progress()),
                state.externalRef(),
                state.metadata(),
                state.version());
    }

    /** Progress as {@link Progress#of} computes it from the stored counters. */
    public record JobProgress(int total, int done, int submitted, int failed, int skipped, int pending, int percent) {
        static JobProgress of(Progress p) {
            return new JobProgress(
                    p.total(), p.done(), p.submitted(), p.failed(), p.skipped(), p.pending(), p.percent());
        }
    }
}
