package com.autobolt.projector.progress;

import java.util.Arrays;

/**
 * The directories a job plans and those its current attempt re-processes. Both are fixed once
 * written (a job's plan never changes; a retry starts a new attempt with its own list), so a plan
 * read once serves every later batch of the same attempt.
 */
final class JobPlan {

    private final int attempt;
    private final String[] planned;
    private final String[] dispatched;

    /** {@code dispatched} is only kept for retried attempts: on attempt 1 it makes no difference. */
    JobPlan(int attempt, String[] planned, String[] dispatched) {
        this.attempt = attempt;
        this.planned = sorted(planned);
        this.dispatched = attempt > 1 ? sorted(dispatched) : new String[0];
    }

    int attempt() {
        return attempt;
    }

    boolean plans(String directoryId) {
        return Arrays.binarySearch(planned, directoryId) >= 0;
    }

    /** Whether the attempt (re)processes the directory; always false on attempt 1. */
    boolean dispatches(String directoryId) {
        return Arrays.binarySearch(dispatched, directoryId) >= 0;
    }

    private static String[] sorted(String[] ids) {
        String[] copy = ids == null ? new String[0] : ids.clone();
        Arrays.sort(copy);
        return copy;
    }
}
