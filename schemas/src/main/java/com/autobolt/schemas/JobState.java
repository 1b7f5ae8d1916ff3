package com.autobolt.schemas;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A row of the {@code jobs} table as published in {@link JobChanged}.
 *
 * @param plannedDirectoryIds every directory the job submits to, in plan order
 * @param dispatchDirectoryIds the directories the current attempt (re)processes: all of them on the
 *     first attempt, only the failed ones after a retry
 * @param version the optimistic-locking version of the row
 */
public record JobState(
        UUID id,
        UUID customerId,
        PackageType packageType,
        int directoryCount,
        int priority,
        JobStatus status,
        int attempt,
        List<String> plannedDirectoryIds,
        List<String> dispatchDirectoryIds,
        BusinessProfile profile,
        Progress progress,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant completedAt,
        String errorMessage,
        long version) {

    public JobState {
        Require.present(id, "id");
        Require.present(customerId, "customerId");
        Require.present(packageType, "packageType");
        Priority.requireValid(priority);
        Require.present(status, "status");
        Require.positive(attempt, "attempt");
        plannedDirectoryIds = List.copyOf(Require.present(plannedDirectoryIds, "plannedDirectoryIds"));
        dispatchDirectoryIds = List.copyOf(Require.present(dispatchDirectoryIds, "dispatchDirectoryIds"));
        Require.present(profile, "profile");
        Require.present(progress, "progress");
        Require.present(createdAt, "createdAt");
        Require.present(updatedAt, "updatedAt");
    }
}
