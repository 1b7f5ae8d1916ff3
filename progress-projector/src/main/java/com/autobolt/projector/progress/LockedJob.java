package com.autobolt.projector.progress;

import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.JobStatus;
import com.autobolt.schemas.Progress;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code jobs}, read under a row lock for the length of one batch's transaction. */
record LockedJob(
        UUID id,
        JobStatus status,
        int attempt,
        Progress progress,
        Instant startedAt,
        Instant completedAt,
        String errorMessage,
        Instant createdAt) {

    /** Why {@code event} cannot belong to this job, or null when it can. */
    String rejectionOf(DirectoryResultReported event, boolean planned) {
        if (!planned) {
            return "directory " + event.directoryId() + " is not planned for job " + id;
        }
        if (event.attempt() > attempt) {
            return "attempt " + event.attempt() + " is ahead of job " + id + ", which is at attempt " + attempt;
        }
        return null;
    }
}
