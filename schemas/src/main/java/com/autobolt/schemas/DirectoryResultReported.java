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
    // The limits the schema file declares (maxLength) and job_results' columns enforce.
    public static final int MAX_WORKER_ID_LENGTH = 200;
    public static final int MAX_ERROR_CODE_LENGTH = 100;
    public static final int MAX_ERROR_MESSAGE_LENGTH = 2000;

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

        /**
         * @throws IllegalArgumentException when the URL is not one {@link ListingUrls} accepts: a site's
         *     URL is checked where it arrives, so that the reason can be kept as evidence
         */
        public Builder listingUrl(String listingUrl) {
            if (listingUrl != null && !ListingUrls.isAcceptable(listingUrl)) {
                throw new IllegalArgumentException(ListingUrls.problem(listingUrl));
            }
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

        /** The event, with every free-text field cleaned and cut to the contract's limits ({@link EventText}). */
        public DirectoryResultReported build() {
            return new DirectoryResultReported(
                    SCHEMA_VERSION,
                    EventIds.next(),
                    task.toString(),
                    task.jobId(),
                    task.directoryId(),
                    task.attempt(),
                    status,
                    EventText.clean(workerId, MAX_WORKER_ID_LENGTH),
                    occurredAt,
                    listingUrl,
                    EventText.clean(errorCode, MAX_ERROR_CODE_LENGTH),
                    EventText.clean(errorMessage, MAX_ERROR_MESSAGE_LENGTH),
                    evidence == null ? null : evidence.cleaned(),
                    durationMs);
        }
    }
}
