package com.autobolt.worker.config;

import com.autobolt.schemas.DeadLetterHeaders;
import com.autobolt.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Dead-letter records: the original key and bytes, with where they came from and why in {@link DeadLetterHeaders}. */
public final class DeadLetters {

    /** The reason kind (a metric tag) of a record that cannot be read as its topic's event. */
    public static final String INVALID_EVENT = "invalid_event";

    private DeadLetters() {}

    public static ProducerRecord<String, byte[]> of(ConsumerRecord<String, byte[]> source, String reason) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(Topics.deadLetterOf(source.topic()), source.key(), source.value());
        record.headers()
                .add(DeadLetterHeaders.REASON, DeadLetterHeaders.value(reason))
                .add(DeadLetterHeaders.ORIGINAL_TOPIC, DeadLetterHeaders.value(source.topic()))
                .add(DeadLetterHeaders.ORIGINAL_PARTITION, DeadLetterHeaders.value(String.valueOf(source.partition())))
                .add(DeadLetterHeaders.ORIGINAL_OFFSET, DeadLetterHeaders.value(String.valueOf(source.offset())));
        return record;
    }
}
