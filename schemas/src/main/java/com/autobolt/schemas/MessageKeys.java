package com.autobolt.schemas;

import java.util.Objects;
import java.util.UUID;

/** Message keys: the one place that decides how each topic's records are partitioned. */
public final class MessageKeys {

    private MessageKeys() {}

    /**
     * Key for {@link Topics#JOBS}, {@link Topics#DIRECTORY_RESULTS} and {@link Topics#ANALYTICS_JOBS}: all
     * events of a job stay in order.
     */
    public static String job(UUID jobId) {
        return Objects.requireNonNull(jobId, "jobId").toString();
    }

    /**
     * Key for {@link Topics#DIRECTORIES} and the directory-task topics: one directory's tasks run in
     * order on one consumer, which is what per-directory politeness builds on.
     */
    public static String directory(String directoryId) {
        return Objects.requireNonNull(directoryId, "directoryId");
    }

    /**
     * Key for {@link Topics#DIRECTORY_BREAKERS}: {@code <workerId>/<directoryId>}, so that compaction keeps
     * each worker's last word on each directory.
     */
    public static String breaker(String workerId, String directoryId) {
        return Objects.requireNonNull(workerId, "workerId") + "/" + Objects.requireNonNull(directoryId, "directoryId");
    }

    /**
     * Key for {@link Topics#ANALYTICS_DIRECTORY_OUTCOMES}: {@code <jobId>/<directoryId>}, so that compaction
     * keeps the last outcome of each directory of each job.
     */
    public static String outcome(UUID jobId, String directoryId) {
        return job(jobId) + "/" + directory(directoryId);
    }
}
