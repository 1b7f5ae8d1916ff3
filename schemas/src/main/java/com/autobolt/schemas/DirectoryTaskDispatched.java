package com.autobolt.schemas;

import java.time.Instant;
import java.util.UUID;

/**
 * The claim event: the dispatcher has planned one directory of a job for one attempt. Published to
 * {@link Topics#directoryTasksFor(int)}, keyed by directory id. Carries everything an executor
 * needs, so executors never read the database.
 *
 * @param taskId {@code jobId:directoryId:attempt}, see {@link TaskId}
 * @param idempotencyKey sent to the directory site as the {@code Idempotency-Key} header
 */
public record DirectoryTaskDispatched(
        int schemaVersion,
        UUID eventId,
        String taskId,
        UUID jobId,
        UUID customerId,
        String directoryId,
        int attempt,
        int priority,
        String idempotencyKey,
        BusinessProfile profile,
        SubmissionSpec directory,
        Instant dispatchedAt) {

    public static final int SCHEMA_VERSION = 1;

    public DirectoryTaskDispatched {
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION, "DirectoryTaskDispatched");
        Require.present(eventId, "eventId");
        Require.text(taskId, "taskId");
        Require.present(jobId, "jobId");
        Require.present(customerId, "customerId");
        Require.text(directoryId, "directoryId");
        Require.positive(attempt, "attempt");
        Priority.requireValid(priority);
        Require.text(idempotencyKey, "idempotencyKey");
        Require.present(profile, "profile");
        Require.present(directory, "directory");
        Require.present(dispatchedAt, "dispatchedAt");
        if (!taskId.equals(new TaskId(jobId, directoryId, attempt).toString())) {
            throw new IllegalArgumentException("taskId " + taskId + " does not match jobId, directoryId and attempt");
        }
    }

    /** A claim event for one directory of a job; the task id doubles as the idempotency key. */
    public static DirectoryTaskDispatched of(
            TaskId task, UUID customerId, int priority, BusinessProfile profile, SubmissionSpec directory, Instant at) {
        return new DirectoryTaskDispatched(
                SCHEMA_VERSION,
                EventIds.next(),
                task.toString(),
                task.jobId(),
                customerId,
                task.directoryId(),
                task.attempt(),
                priority,
                task.toString(),
                profile,
                directory,
                at);
    }

    /** The same task, to be submitted as the catalog now describes its directory. */
    public DirectoryTaskDispatched withDirectory(SubmissionSpec current) {
        if (current.equals(directory)) {
            return this;
        }
        return new DirectoryTaskDispatched(
                schemaVersion,
                eventId,
                taskId,
                jobId,
                customerId,
                directoryId,
                attempt,
                priority,
                idempotencyKey,
                profile,
                current,
                dispatchedAt);
    }

    public TaskId task() {
        return new TaskId(jobId, directoryId, attempt);
    }
}
