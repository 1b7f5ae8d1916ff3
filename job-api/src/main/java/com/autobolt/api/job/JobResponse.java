package com.autobolt.api.job;

import com.autobolt.schemas.JobStatus;
import com.autobolt.schemas.PackageType;
import com.autobolt.schemas.Progress;
import java.time.Instant;
import java.util.UUID;

record JobResponse(
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
        JobProgress progress) {

    /** Progress as {@link Progress#of} computes it from the stored counters. */
    record JobProgress(int total, int done, int submitted, int failed, int skipped, int pending, int percent) {
        static JobProgress of(Progress p) {
            return new JobProgress(
                    p.total(), p.done(), p.submitted(), p.failed(), p.skipped(), p.pending(), p.percent());
        }
    }
}
