package com.autobolt.api.reconcile;

/**
 * What one pass did. {@code skipped}: another instance held the reconciler's lock, so this one did
 * nothing. {@code rowsUnreadable}: rows the event contract rejects, left as they are (and logged).
 */
record PassReport(
        boolean skipped,
        int jobsRepublished,
        int tasksRedispatched,
        int tasksEndedLeaseExpired,
        int tasksEndedDirectoryInactive,
        int rowsUnreadable) {

    static final PassReport SKIPPED = new PassReport(true, 0, 0, 0, 0, 0);

    boolean acted() {
        return jobsRepublished + tasksRedispatched + tasksEndedLeaseExpired + tasksEndedDirectoryInactive > 0;
    }

    PassReport plus(PassReport other) {
        return new PassReport(
                skipped && other.skipped,
                jobsRepublished + other.jobsRepublished,
                tasksRedispatched + other.tasksRedispatched,
                tasksEndedLeaseExpired + other.tasksEndedLeaseExpired,
                tasksEndedDirectoryInactive + other.tasksEndedDirectoryInactive,
                rowsUnreadable + other.rowsUnreadable);
    }
}
