package com.autobolt.api.events;

import com.autobolt.api.job.JobResponse;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.JobChanged;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a change record into what the streams send. The streams only read: a record that cannot be
 * decoded is skipped with a warning (the change stream dead-letters bad rows before they get here).
 */
final class JobEventDecoder {

    private static final Logger log = LoggerFactory.getLogger(JobEventDecoder.class);

    private final JsonMapper json;

    JobEventDecoder(JsonMapper json) {
        this.json = json;
    }

    /** The record's event, or {@code null} when it has none to send (undecodable, a deletion, a tombstone). */
    FeedRecord decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        try {
            JobChanged change = EventJson.read(record.value(), JobChanged.class);
            if (change.after() == null) {
                return null;
            }
            return new FeedRecord(
                    record.partition(),
                    record.offset(),
                    change.jobId(),
                    json.writeValueAsString(JobResponse.of(change.after())));
        } catch (RuntimeException e) {
            log.warn(
                    "job events: skipped a record that cannot be decoded ({}-{} offset {}): {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            return null;
        }
    }
}
