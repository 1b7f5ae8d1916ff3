package com.autobolt.schemas;

import java.time.Instant;
import java.util.UUID;

/**
 * A fact about one directory of a job: planned ({@code pending}), claimed by a worker, or ended.
 * Published to {@link Topics#DIRECTORY_RESULTS}, keyed by job id, so all results of a job stay in
 * order. The projector applies them idempotently: a duplicate or late event never moves a row back.
 *
 * @param workerId the worker that claimed or ran the task, absent for {@code pending}
 * @param errorCode a short machine-readable reason for {@code failed} and {@code skipped}
 * @param durationMs how long the submission took, for terminal results
 */
public record DirectoryResultReported(
        int schemaVersion,
        UUID eventId,
        String taskId,
        UUID jobId,
        String directoryId,
        int attempt,
        ResultStatus status,
        String workerId,
        Instant occurredAt,
        String listingUrl,
        String errorCode,
        String errorMessage,
        SubmissionEvidence evidence,
        Long durationMs) {

    public static final int SCHEMA_VERSION = 1;

    public DirectoryResultReported {
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION, "DirectoryResultReported");
        Require.present(eventId, "eventId");
        Require.text(taskId, "taskId");
        Require.present(jobId, "jobId");
        Require.text(directoryId, "directoryId");
        Require.positive(attempt, "attempt");
        Require.present(status, "status");
        Require.present(occurredAt, "occurredAt");
        if (!taskId.equals(new TaskId(jobId, directoryId, attempt).toString())) {
            throw new IllegalArgumentException("taskId " + taskId + " does not match jobId, directoryId and attempt");
        }
        if (durationMs != null) {
            Require.notNegative(durationMs, "durationMs");
        }
    }

    public static Builder of(TaskId task, ResultStatus status, Instant at) {
        return new Builder(task, status, at);
    }

    public TaskId task() {
        return new TaskId(jobId, directoryId, attempt);
    }

    /** Builds a result event; only the task, status and time are required. */
    public static final class Builder {
        private final TaskId task;
        private final ResultStatus status;
        private final Instant occurredAt;
        private String workerId;
        private String listingUrl;
        private String errorCode;
        private String errorMessage;
        private SubmissionEvidence evidence;
        private Long durationMs;

        private Builder(TaskId task, ResultStatus status, Instant occurredAt) {
            this.task = task;
            this.status = status;
            this.occurredAt = occurredAt;
        }

        public Builder workerId(String workerId) {
            this.workerId = workerId;
            return this;
        }

        public Builder listingUrl(String listingUrl) {
            this.listingUrl = listingUrl;
            return this;
        }

        public Builder error(String code, String message) {
            this.errorCode = code;
            this.errorMessage = message;
            return this;
        }

        public Builder evidence(SubmissionEvidence evidence) {
            this.evidence = evidence;
            return this;
        }

        public Builder durationMs(long durationMs) {
            this.durationMs = durationMs;
            return this;
        }

        public DirectoryResultReported build() {
            return new DirectoryResultReported(
                    SCHEMA_VERSION,
                    UUID.randomUUID(),
                    task.toString(),
                    task.jobId(),
                    task.directoryId(),
                    task.attempt(),
                    status,
                    workerId,
                    occurredAt,
                    listingUrl,
                    errorCode,
                    errorMessage,
                    evidence,
                    durationMs);
        }
    }
}
