package com.autobolt.api.job;

import com.autobolt.schemas.ResultStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One row per planned directory, in plan order; a directory without a result yet shows {@code pending}. */
record JobResultsResponse(UUID jobId, int attempt, List<Row> results) {

    record Row(
            String directoryId,
            String directoryName,
            ResultStatus status,
            int attempt,
            String workerId,
            String listingUrl,
            String errorCode,
            String errorMessage,
            Long durationMs,
            Instant claimedAt,
            Instant submittedAt,
            Instant updatedAt) {}
}
