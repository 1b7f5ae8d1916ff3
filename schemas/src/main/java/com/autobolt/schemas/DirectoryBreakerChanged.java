package com.autobolt.schemas;

import java.time.Instant;

/**
 * One worker's circuit breaker for one directory entered a state, or is still in it: published to
 * {@link Topics#DIRECTORY_BREAKERS} (compacted), keyed {@link MessageKeys#breaker}, when the breaker
 * changes and again, while it is not closed, before {@code expiresAt}. A reader treats a record past its
 * {@code expiresAt} as unknown: its worker has gone away without saying so.
 *
 * @param since when the breaker entered {@code state}
 * @param reasonCode why: for {@code open} the error code of the failure that opened it (e.g.
 *     {@code timeout}, {@code http_5xx}); {@code cool_down_over} for {@code half_open};
 *     {@code site_answered} or {@code worker_stopped} for {@code closed}
 * @param publishedAt when this record was written
 * @param expiresAt after this, the record says nothing any more
 */
public record DirectoryBreakerChanged(
        int schemaVersion,
        String workerId,
        String directoryId,
        BreakerState state,
        Instant since,
        String reasonCode,
        Instant publishedAt,
        Instant expiresAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final int MAX_WORKER_ID_LENGTH = 200;
    public static final int MAX_DIRECTORY_ID_LENGTH = 200;
    public static final int MAX_REASON_CODE_LENGTH = 100;

    public static final String COOL_DOWN_OVER = "cool_down_over";
    public static final String SITE_ANSWERED = "site_answered";
    public static final String WORKER_STOPPED = "worker_stopped";

    public DirectoryBreakerChanged {
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION, "DirectoryBreakerChanged");
        bounded(workerId, "workerId", MAX_WORKER_ID_LENGTH);
        bounded(directoryId, "directoryId", MAX_DIRECTORY_ID_LENGTH);
        Require.present(state, "state");
        Require.present(since, "since");
        bounded(reasonCode, "reasonCode", MAX_REASON_CODE_LENGTH);
        Require.present(publishedAt, "publishedAt");
        Require.present(expiresAt, "expiresAt");
        if (expiresAt.isBefore(publishedAt)) {
            throw new IllegalArgumentException("expiresAt must not be before publishedAt");
        }
    }

    /**
     * A record of the breaker's state now; the reason code is cleaned and cut, so that any error code
     * can be passed.
     */
    public static DirectoryBreakerChanged of(
            String workerId,
            String directoryId,
            BreakerState state,
            Instant since,
            String reasonCode,
            Instant publishedAt,
            Instant expiresAt) {
        return new DirectoryBreakerChanged(
                SCHEMA_VERSION,
                workerId,
                directoryId,
                state,
                since,
                EventText.clean(reasonCode, MAX_REASON_CODE_LENGTH),
                publishedAt,
                expiresAt);
    }

    private static void bounded(String value, String field, int maxLength) {
        Require.text(value, field);
        if (!EventText.isClean(value, maxLength)) {
            throw new IllegalArgumentException(
                    field + " must be at most " + maxLength + " characters without control characters");
        }
    }
}
