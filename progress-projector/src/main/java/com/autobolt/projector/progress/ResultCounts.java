package com.autobolt.projector.progress;

import java.time.Instant;
import java.util.UUID;

/**
 * The state of a job's directories, counted from {@code job_results}. A directory that the
 * current attempt re-processes counts as pending until its row reaches that attempt, so a retried
 * job never shows 100 % while work remains.
 *
 * @param startedInCurrentAttempt whether any directory of the current attempt left {@code pending}
 * @param firstActivity the earliest claim or outcome of the current attempt
 * @param lastActivity the latest change of any directory
 */
record ResultCounts(
        UUID jobId,
        int submitted,
        int failed,
        int skipped,
        boolean startedInCurrentAttempt,
        Instant firstActivity,
        Instant lastActivity) {}
