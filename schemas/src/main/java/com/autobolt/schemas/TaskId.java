package com.autobolt.schemas;

import java.util.UUID;

/**
 * Identifies one try of one directory of one job: {@code jobId:directoryId:attempt}. It is also the
 * idempotency key sent to the directory site, so a redelivered task never submits twice unseen.
 */
public record TaskId(UUID jobId, String directoryId, int attempt) {

    public TaskId {
        Require.present(jobId, "jobId");
        Require.text(directoryId, "directoryId");
        Require.positive(attempt, "attempt");
    }

    public static TaskId parse(String value) {
        int first = value.indexOf(':');
        int last = value.lastIndexOf(':');
        if (first < 0 || first == last) {
            throw new IllegalArgumentException("task id must be jobId:directoryId:attempt, was '" + value + "'");
        }
        return new TaskId(
                UUID.fromString(value.substring(0, first)),
                value.substring(first + 1, last),
                Integer.parseInt(value.substring(last + 1)));
    }

    @Override
    public String toString() {
        return jobId + ":" + directoryId + ":" + attempt;
    }
}
