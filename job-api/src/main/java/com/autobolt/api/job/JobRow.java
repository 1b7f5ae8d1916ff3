package com.autobolt.api.job;

import com.autobolt.schemas.JobStatus;
import com.autobolt.schemas.PackageType;
import com.autobolt.schemas.Progress;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A {@code jobs} row as job-api reads it; {@code version} guards its conditional updates. */
record JobRow(
        UUID id,
        UUID customerId,
        PackageType packageType,
        int directoryCount,
        int priority,
        JobStatus status,
        int attempt,
        Progress progress,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant completedAt,
        String errorMessage,
        long version,
        String externalRef,
        Map<String, Object> metadata) {

    JobResponse toResponse() {
        return new JobResponse(
                id,
                customerId,
                packageType,
                directoryCount,
                priority,
                status,
                attempt,
                createdAt,
                updatedAt,
                startedAt,
                completedAt,
                errorMessage,
                JobResponse.JobProgress.of(progress),
                externalRef,
                metadata,
                version);
    }
}
