package com.autobolt.sandbox;

import java.time.Instant;

/**
 * One request the sandbox received.
 *
 * @param idempotencyKey the {@code Idempotency-Key} header, or null when the request had none
 * @param status what the sandbox answered; 0 while the request is still being answered
 * @param answeredAt when the status was recorded (the answer follows at once; a hanging site's after its
 *     hang), null while the request is still being answered: whether a site had answered a request before it
 *     received the next one with the same key (the nemesis soak's duplicate check)
 */
public record Submission(
        String directoryId,
        String idempotencyKey,
        String contentType,
        String body,
        Instant receivedAt,
        int status,
        Instant answeredAt) {}
