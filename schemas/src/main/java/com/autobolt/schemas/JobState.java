package com.autobolt.schemas;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A row of the {@code jobs} table as published in {@link JobChanged}.
 *
 * @param plannedDirectoryIds every directory the job submits to, in plan order
 * @param dispatchDirectoryIds the directories the current attempt (re)processes: all of them on the
 *     first attempt, only the failed ones after a retry
 * @param version the optimistic-locking version of the row
 * @param origin where the job came from; {@link JobOrigin#API} when the event does not say
 * @param dispatchHeld an imported job whose dispatch waits for {@code import-legacy --resume}: no
 *     dispatcher acts on it while it is held; absent means {@code false}
 * @param externalRef the creator's own reference (a storefront's order id), unique per customer; null
 *     when none was given
 * @param metadata the creator's free-form JSON object (at most 4 KiB); null when none was given
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
        long version,
        JobOrigin origin,
        Boolean dispatchHeld,
        String externalRef,
        Map<String, Object> metadata) {

    /** A job created through the API without a reference or metadata: the shape before origin and hold existed. */
    public JobState(
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
        this(
                id,
                customerId,
                packageType,
                directoryCount,
                priority,
                status,
                attempt,
                plannedDirectoryIds,
                dispatchDirectoryIds,
                profile,
                progress,
                createdAt,
                updatedAt,
                startedAt,
                completedAt,
                errorMessage,
                version,
                JobOrigin.API,
                false,
                null,
                null);
    }

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
        origin = origin == null ? JobOrigin.API : origin;
        dispatchHeld = Boolean.TRUE.equals(dispatchHeld);
        // A read-only copy that keeps JSON nulls (Map.copyOf refuses them).
        metadata = metadata == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
