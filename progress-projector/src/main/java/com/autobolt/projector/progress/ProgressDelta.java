package com.autobolt.projector.progress;

import com.autobolt.schemas.JobStatus;
import com.autobolt.schemas.ResultStatus;

/**
 * How one batch moves one job's counts, from the rows it changed (as they were before the batch and
 * as they are after it, both read or written under the job's lock). Adding it to the job's stored
 * counts gives what a recount of {@code job_results} would give, as long as the stored counts were
 * exact; every writer of {@code jobs} keeps them so (the projector, job-api's retry, which counts
 * the retried directories as pending at once).
 *
 * <p>The moves where a job's status or timestamps change (a pending job starts, every directory
 * has ended) and the first batches of a retried attempt still recount the job in full: they happen
 * a few times in a job's life, need {@code started_at}/{@code completed_at} (the earliest and
 * latest activity over all rows), and a recount there reconciles counts that someone else may have
 * written when re-planning the job.
 */
final class ProgressDelta {

    private final LockedJob job;
    private int submitted;
    private int failed;
    private int skipped;
    private boolean startedInCurrentAttempt;

    ProgressDelta(LockedJob job) {
        this.job = job;
    }

    /** Accounts for one directory's row moving from {@code before} (null: no row yet) to {@code after}. */
    void add(ResultRow before, ResultRow after, boolean dispatched) {
        count(ResultRow.countedStatus(before, job.attempt(), dispatched), -1);
        count(ResultRow.countedStatus(after, job.attempt(), dispatched), 1);
        startedInCurrentAttempt |= after.attempt() == job.attempt() && after.status() != ResultStatus.PENDING;
    }

    private void count(ResultStatus status, int sign) {
        switch (status) {
            case SUBMITTED -> submitted += sign;
            case FAILED -> failed += sign;
            case SKIPPED -> skipped += sign;
            default -> {}
        }
    }

    /**
     * The job's counts after the batch. A pending job has no started directory of its current
     * attempt before the batch (its first one moves it to {@code in_progress}), so the batch's rows
     * say whether it has started. The activity times are unknown here: {@link #needsRecount} holds
     * whenever they would be used.
     */
    ResultCounts counts() {
        return new ResultCounts(
                job.id(),
                job.progress().submitted() + submitted,
                job.progress().failed() + failed,
                job.progress().skipped() + skipped,
                startedInCurrentAttempt,
                null,
                null);
    }

    /**
     * Whether the job must be recounted from {@code job_results} instead: its status moves (which
     * sets {@code started_at} or {@code completed_at}), it lacks a start time it should have, or it
     * is pending on a retry (a re-planned attempt, whose counts were written outside the projector).
     */
    boolean needsRecount(JobProgress next) {
        boolean retrying = job.status() == JobStatus.PENDING && job.attempt() > 1;
        boolean unstarted =
                next.startedAt() == null && next.status() != JobStatus.PENDING && next.status() != JobStatus.CANCELLED;
        return retrying || unstarted || next.status() != job.status();
    }
}
