package com.autobolt.api.events;

import java.util.UUID;

/**
 * One decoded record of the jobs change topic: where it is, whose job it is, and the job as the API
 * shows it ({@code GET /api/jobs/{id}}), already written as one line of JSON.
 */
record FeedRecord(int partition, long offset, UUID jobId, String json) {}
