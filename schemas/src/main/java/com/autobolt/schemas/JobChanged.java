package com.autobolt.schemas;

import java.util.UUID;

/**
 * A committed change of one row of {@code jobs}, streamed from the database's write-ahead log to
 * {@link Topics#JOBS}, keyed by job id. Delivery is at least once: de-duplicate by
 * {@code source.lsn}.
 *
 * @param before the row before the change; absent for {@code created} and {@code snapshot}
 * @param after the row after the change; absent for {@code deleted}
 */
public record JobChanged(
        int schemaVersion, ChangeOperation op, UUID jobId, JobState before, JobState after, ChangeSource source) {

    public static final int SCHEMA_VERSION = 1;

    public JobChanged {
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION, "JobChanged");
        Require.present(op, "op");
        Require.present(jobId, "jobId");
        Require.present(source, "source");
        if (op != ChangeOperation.DELETED) {
            Require.present(after, "after");
        }
    }
}
