package com.autobolt.httpworker;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The tasks of one job that job-api leased to this worker until {@code expiresAt}.
 *
 * @param business the job's business profile (profile field name to value), cleaned
 */
record Lease(
        UUID leaseId,
        Instant expiresAt,
        UUID jobId,
        int attempt,
        int priority,
        Map<String, String> business,
        List<Task> tasks) {

    /** The value of a profile field, or null when the profile has none. */
    String profileValue(String field) {
        return business.get(field);
    }
}
