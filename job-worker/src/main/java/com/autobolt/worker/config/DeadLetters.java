package com.autobolt.worker.config;

import com.autobolt.schemas.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Dead-letter records: the original key and bytes, with where they came from and why, in headers. */
public final class DeadLetters {

    public static final String REASON_HEADER = "autobolt.dlt.reason";
    public static final String TOPIC_HEADER = "autobolt.dlt.original-topic";
    public static final String PARTITION_HEADER = "autobolt.dlt.original-partition";
    public static final String OFFSET_HEADER = "autobolt.dlt.original-offset";

    private DeadLetters() {}

    public static ProducerRecord<String, byte[]> of(ConsumerRecord<String, byte[]> source, String reason) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(Topics.deadLetterOf(source.topic()), source.key(), source.value());
        record.headers()
                .add(REASON_HEADER, bytes(reason == null ? "unknown" : reason))
                .add(TOPIC_HEADER, bytes(source.topic()))
                .add(PARTITION_HEADER, bytes(String.valueOf(source.partition())))
                .add(OFFSET_HEADER, bytes(String.valueOf(source.offset())));
        return record;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
