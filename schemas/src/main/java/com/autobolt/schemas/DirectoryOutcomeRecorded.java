package com.autobolt.schemas;

import java.time.Instant;
import java.util.UUID;

/**
 * The outcome of one directory of a job, without personal data: published to {@link
 * Topics#ANALYTICS_DIRECTORY_OUTCOMES} (compacted), keyed {@link MessageKeys#outcome}, once per terminal
 * result of each attempt. Compaction keeps the last outcome of every directory of every job, so a new
 * subscriber can rebuild them all from the beginning of the topic, however old.
 *
 * @param category the directory's category when the outcome was recorded, null when the catalog did not
 *     know the directory
 * @param errorCode the short machine-readable reason of {@code failed} and {@code skipped}, null for
 *     {@code submitted}
 * @param durationMs how long the submission took, null when nobody tried (e.g. skipped before it ran)
 * @param jobCreatedAt when the job was created
 * @param occurredAt when the outcome happened
 */
public record DirectoryOutcomeRecorded(
        int schemaVersion,
        UUID jobId,
        String directoryId,
        String category,
        PackageType packageType,
        int attempt,
        ResultStatus status,
        String errorCode,
        Long durationMs,
        Instant jobCreatedAt,
        Instant occurredAt) {

    public static final int SCHEMA_VERSION = 1;

    public DirectoryOutcomeRecorded {
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION, "DirectoryOutcomeRecorded");
        Require.present(jobId, "jobId");
        Require.text(directoryId, "directoryId");
        Require.present(packageType, "packageType");
        Require.positive(attempt, "attempt");
        Require.present(status, "status");
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("an outcome is submitted, failed or skipped, not " + status.value());
        }
        if (durationMs != null) {
            Require.notNegative(durationMs, "durationMs");
        }
        Require.present(jobCreatedAt, "jobCreatedAt");
        Require.present(occurredAt, "occurredAt");
    }
}
