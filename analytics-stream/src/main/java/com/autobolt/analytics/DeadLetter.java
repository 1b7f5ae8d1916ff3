package com.autobolt.analytics;

import com.autobolt.schemas.DeadLetterHeaders;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets a record the stream cannot use aside on its topic's {@code .dlt}: key and value unchanged, the reason
 * and the origin in {@link DeadLetterHeaders}, as every AutoBolt consumer does. It is written in the stream's
 * transaction, so it is dead-lettered exactly once and the next record flows.
 */
final class DeadLetter {

    private static final Logger log = LoggerFactory.getLogger(DeadLetter.class);

    private DeadLetter() {}

    static void forward(
            ProcessorContext<String, byte[]> context,
            Record<String, byte[]> record,
            String sink,
            String reason,
            Exception cause) {
        Headers headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, DeadLetterHeaders.value(reason));
        context.recordMetadata().ifPresent(origin -> origin(headers, origin));
        if (cause != null) {
            headers.add(
                    DeadLetterHeaders.EXCEPTION,
                    DeadLetterHeaders.value(cause.getClass().getName()));
        }
        log.warn(
                "dead-lettering {}: {}",
                context.recordMetadata()
                        .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
                        .orElse("a record"),
                reason);
        context.forward(new Record<>(record.key(), record.value(), record.timestamp(), headers), sink);
    }

    private static void origin(Headers headers, RecordMetadata origin) {
        headers.add(DeadLetterHeaders.ORIGINAL_TOPIC, DeadLetterHeaders.value(origin.topic()));
        headers.add(DeadLetterHeaders.ORIGINAL_PARTITION, DeadLetterHeaders.value(String.valueOf(origin.partition())));
        headers.add(DeadLetterHeaders.ORIGINAL_OFFSET, DeadLetterHeaders.value(String.valueOf(origin.offset())));
    }
}
