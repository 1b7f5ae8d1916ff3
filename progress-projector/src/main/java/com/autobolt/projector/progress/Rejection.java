package com.autobolt.projector.progress;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record the projector will not apply, and why: it goes to the dead-letter topic with {@code reason};
 * {@code kind} is the reason's kind, one of a few constants here, for the metrics.
 */
record Rejection(ConsumerRecord<String, byte[]> record, String kind, String reason) {

    static final String EMPTY_RECORD = "empty_record";
    static final String INVALID_EVENT = "invalid_event";
    static final String UNKNOWN_JOB = "unknown_job";
    static final String NOT_OF_JOB = "not_of_job";
    static final String UNPROJECTABLE_RESULT = "unprojectable_result";
}
