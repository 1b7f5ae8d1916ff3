package com.autobolt.projector.progress;

/**
 * What is known about one (job, directory) of a batch under the job's lock: its row, read from
 * {@code job_results}, and its place in the job's plan ({@link JobPlans}).
 *
 * @param row the {@code job_results} row, or null when the directory has none yet
 * @param planned whether the directory is planned for the job (a stored row always is: it was
 *     checked when it was created)
 * @param dispatched whether the job's current attempt re-processes the directory (only looked up
 *     for retried jobs; on attempt 1 it makes no difference)
 */
record StoredResult(ResultRow row, boolean planned, boolean dispatched) {}
