package com.autobolt.projector.progress;

import com.autobolt.schemas.JobStatus;
import com.autobolt.schemas.Progress;
import java.time.Instant;
import java.util.Objects;

/**
 * The progress and status of a job as its results say they are. Status moves only along
 * {@link JobStatus}'s transition table: the first claim makes a pending job {@code in_progress};
 * when every planned directory has ended, the job is {@code failed} if any directory failed, else
 * {@code complete}. A cancelled job keeps counting late results but stays cancelled.
 */
record JobProgress(JobStatus status, Progress progress, Instant startedAt, Instant completedAt, String errorMessage) {

    static JobProgress of(LockedJob job) {
        return new JobProgress(job.status(), job.progress(), job.startedAt(), job.completedAt(), job.errorMessage());
    }

    static JobProgress next(LockedJob job, ResultCounts counts) {
        Progress progress = Progress.of(job.progress().total(), counts.submitted(), counts.failed(), counts.skipped());
        JobStatus status = nextStatus(job, counts, progress);
        Instant startedAt = job.startedAt();
        if (startedAt == null && status != JobStatus.PENDING && status != JobStatus.CANCELLED) {
            startedAt = counts.firstActivity();
        }
        Instant completedAt = job.completedAt();
        String errorMessage = job.errorMessage();
        if (status != job.status() && (status == JobStatus.COMPLETE || status == JobStatus.FAILED)) {
            completedAt = counts.lastActivity();
            if (status == JobStatus.FAILED) {
                errorMessage = progress.failed() + " of " + progress.total() + " directories failed";
            }
        }
        return new JobProgress(status, progress, startedAt, completedAt, errorMessage);
    }

    private static JobStatus nextStatus(LockedJob job, ResultCounts counts, Progress progress) {
        JobStatus current = job.status();
        if (current == JobStatus.CANCELLED) {
            return current;
        }
        if (progress.isFinished() && !current.isTerminal()) {
            return current.moveTo(progress.failed() > 0 ? JobStatus.FAILED : JobStatus.COMPLETE);
        }
        if (current == JobStatus.PENDING && counts.startedInCurrentAttempt()) {
            return current.moveTo(JobStatus.IN_PROGRESS);
        }
        return current;
    }

    boolean differsFrom(JobProgress other) {
        return !Objects.equals(this, other);
    }
}
