package com.autobolt.worker.execute;

import com.autobolt.schemas.BusinessProfile;
import com.autobolt.schemas.DirectoryTaskDispatched;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.SubmissionMethod;
import com.autobolt.schemas.SubmissionSpec;
import com.autobolt.schemas.TaskId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.record.TimestampType;

/** Tasks as the executor makes them from claim events read at a partition and offset. */
final class TestTasks {

    private TestTasks() {}

    static Task task(TopicPartition partition, long offset, String directoryId, int priority, long minIntervalMs) {
        DirectoryTaskDispatched event = DirectoryTaskDispatched.of(
                new TaskId(UUID.randomUUID(), directoryId, 1),
                UUID.randomUUID(),
                priority,
                new BusinessProfile("Bakery", "a@b.example", null, null, null, null, null, null, null, null, null),
                new SubmissionSpec(
                        directoryId,
                        "Directory " + directoryId,
                        "http://" + directoryId,
                        SubmissionMethod.FORM,
                        Map.of(),
                        minIntervalMs,
                        false,
                        false),
                Instant.now());
        return read(event, partition, offset);
    }

    /** A claim event read with these headers (e.g. a {@code traceparent}). */
    static Task withHeaders(Task task, Headers headers) {
        DirectoryTaskDispatched event = task.event;
        return new Task(
                event,
                new ConsumerRecord<>(
                        task.partition.topic(),
                        task.partition.partition(),
                        task.offset,
                        ConsumerRecord.NO_TIMESTAMP,
                        TimestampType.NO_TIMESTAMP_TYPE,
                        ConsumerRecord.NULL_SIZE,
                        ConsumerRecord.NULL_SIZE,
                        event.directoryId(),
                        EventJson.write(event),
                        headers,
                        Optional.empty()));
    }

    /** The same claim event read again, at another offset (a reconciler's repeat, or a moved copy). */
    static Task read(DirectoryTaskDispatched event, TopicPartition partition, long offset) {
        return new Task(
                event,
                new ConsumerRecord<>(
                        partition.topic(), partition.partition(), offset, event.directoryId(), EventJson.write(event)));
    }
}
