package com.autobolt.projector.progress;

import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.ResultStatus;
import com.autobolt.schemas.SubmissionEvidence;
import java.time.Instant;
import java.util.UUID;

/**
 * One row of {@code job_results}: the latest known state of one directory of a job.
 *
 * @param updatedAt the time of the last event that changed the row (event time, so a replay
 *     produces the same row)
 */
record ResultRow(
        UUID jobId,
        String directoryId,
        ResultStatus status,
        int attempt,
        String workerId,
        Instant claimedAt,
        Instant submittedAt,
        Instant updatedAt,
        String listingUrl,
        String errorCode,
        String errorMessage,
        SubmissionEvidence evidence,
        Long durationMs) {

    /**
     * The row after {@code event}: a higher attempt starts the row afresh, a later stage of the same
     * attempt advances it, anything else (a duplicate, a late {@code claimed}, an older attempt)
     * leaves it as it is. {@code current} is null when the directory has no row yet.
     */
    static ResultRow apply(ResultRow current, DirectoryResultReported event) {
        if (current == null || event.attempt() > current.attempt) {
            return fresh(event);
        }
        if (event.attempt() < current.attempt || !event.status().advances(current.status)) {
            return current;
        }
        return new ResultRow(
                current.jobId,
                current.directoryId,
                event.status(),
                current.attempt,
                event.workerId() != null ? event.workerId() : current.workerId,
                current.claimedAt != null ? current.claimedAt : claimedAt(event),
                event.status() == ResultStatus.SUBMITTED ? event.occurredAt() : current.submittedAt,
                event.occurredAt(),
                event.listingUrl(),
                event.errorCode(),
                event.errorMessage(),
                event.evidence(),
                event.durationMs());
    }

    private static ResultRow fresh(DirectoryResultReported event) {
        return new ResultRow(
                event.jobId(),
                event.directoryId(),
                event.status(),
                event.attempt(),
                event.workerId(),
                claimedAt(event),
                event.status() == ResultStatus.SUBMITTED ? event.occurredAt() : null,
                event.occurredAt(),
                event.listingUrl(),
                event.errorCode(),
                event.errorMessage(),
                event.evidence(),
                event.durationMs());
    }

    /**
     * When the event says its task was claimed: a {@code claimed} event's time, or, for a terminal result
     * that ran ({@code durationMs}, counted from the first try), its time less that. A worker leaves out a
     * claim published in one transaction with its task's result, so such a result is often the first event
     * of its attempt; the two times agree to the millisecond when both come. None when the two cannot be a
     * time since 1970: a result's fields are only as sane as its sender, and {@code Instant}'s arithmetic
     * throws at its ends, which would fail the batch again on every retry.
     */
    static Instant claimedAt(DirectoryResultReported event) {
        if (event.status() == ResultStatus.CLAIMED) {
            return event.occurredAt();
        }
        if (event.status().isTerminal() && event.durationMs() != null && event.workerId() != null) {
            long secondsSince1970 = event.occurredAt().getEpochSecond();
            if (secondsSince1970 >= 0 && event.durationMs() / 1000 < secondsSince1970) {
                return event.occurredAt().minusMillis(event.durationMs());
            }
        }
        return null;
    }

    /**
     * The status this directory counts as in its job's progress: a directory that the job's current
     * attempt re-processes ({@code dispatched}) counts as pending until its row reaches that attempt,
     * so a retried job never shows 100 % while work remains. A directory without a row is pending.
     * The recount in {@link ProgressRepository} states the same rule in SQL.
     */
    static ResultStatus countedStatus(ResultRow row, int jobAttempt, boolean dispatched) {
        if (row == null || (row.attempt < jobAttempt && dispatched)) {
            return ResultStatus.PENDING;
        }
        return row.status;
    }

    ResultKey key() {
        return new ResultKey(jobId, directoryId);
    }

    /** Identifies a row: one per (job, directory). */
    record ResultKey(UUID jobId, String directoryId) {}
}
