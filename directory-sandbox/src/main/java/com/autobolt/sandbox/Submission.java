package com.autobolt.sandbox;

import java.time.Instant;

/**
 * One request the sandbox received.
 *
 * @param idempotencyKey the {@code Idempotency-Key} header, or null when the request had none
 * @param status what the sandbox answered; 0 while the request is still being answered
 */
public record Submission(
        String directoryId, String idempotencyKey, String contentType, String body, Instant receivedAt, int status) {}
