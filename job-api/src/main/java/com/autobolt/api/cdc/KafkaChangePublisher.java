package com.autobolt.api.cdc;

import com.autobolt.kafka.observability.TraceParent;
import com.autobolt.schemas.DeadLetterHeaders;
import com.autobolt.schemas.Topics;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's change consumer: publishes each batch to Kafka and only then marks it processed, so
 * the engine's stored offset never passes an event the broker has not acknowledged (at least once).
 * A record that cannot be mapped goes to the dead-letter topic with the reason, and the stream goes on.
 */
final class KafkaChangePublisher implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {

    private static final Logger log = LoggerFactory.getLogger(KafkaChangePublisher.class);

    private final ChangeEventMapper mapper;
    private final Producer<String, byte[]> producer;
    private final ChangeStreamStatus status;
    private final ChangeStreamMetrics metrics;
    private final JsonConverter rawJson = new JsonConverter();

    KafkaChangePublisher(
            ChangeEventMapper mapper,
            Producer<String, byte[]> producer,
            ChangeStreamStatus status,
            ChangeStreamMetrics metrics) {
        this.mapper = mapper;
        this.producer = producer;
        this.status = status;
        this.metrics = metrics;
        rawJson.configure(Map.of("schemas.enable", "false"), false);
    }

    @Override
    public void handleBatch(
            List<RecordChangeEvent<SourceRecord>> events,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        List<Future<RecordMetadata>> sends = new ArrayList<>(events.size());
        List<ChangeEventMapper.Mapped> mapped = new ArrayList<>(events.size());
        int published = 0;
        for (RecordChangeEvent<SourceRecord> event : events) {
            ProducerRecord<String, byte[]> record = toProducerRecord(event.record(), mapped);
            if (record != null) {
                sends.add(producer.send(record));
                published++;
            }
        }
        for (Future<RecordMetadata> send : sends) {
            awaitAcknowledged(send);
        }
        mapped.forEach(event -> metrics.published(event.topic(), event.committedAt()));
        for (RecordChangeEvent<SourceRecord> event : events) {
            committer.markProcessed(event);
        }
        committer.markBatchFinished();

        if (published > 0) {
            status.published(published);
        }
    }

    /** The record to send for this change, or null for none; a change mapped to an event is added to {@code mapped}. */
    private ProducerRecord<String, byte[]> toProducerRecord(
            SourceRecord record, List<ChangeEventMapper.Mapped> mapped) {
        String topic = mapper.topicOf(record);
        if (topic == null) {
            return null;
        }
        try {
            ChangeEventMapper.Mapped event = mapper.map(record);
            mapped.add(event);
            ProducerRecord<String, byte[]> published = new ProducerRecord<>(event.topic(), event.key(), event.value());
            if (event.traceParent() != null) {
                // The job's trace goes on with whoever reads the change (the dispatcher).
                published.headers().add(TraceParent.HEADER, event.traceParent().getBytes(StandardCharsets.US_ASCII));
            }
            return published;
        } catch (RuntimeException e) {
            // Whatever the mapper trips over is this record's problem, not the stream's.
            log.warn(
                    "change of {} sent to the dead-letter topic: {}",
                    ChangeEventMapper.tableOf(record),
                    e.getMessage());
            metrics.deadLettered(topic);
            return deadLetter(topic, record, e);
        }
    }

    private ProducerRecord<String, byte[]> deadLetter(String topic, SourceRecord record, Exception reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, DeadLetterHeaders.value(reason.getMessage()));
        headers.add(
                DeadLetterHeaders.EXCEPTION,
                DeadLetterHeaders.value(reason.getClass().getName()));
        headers.add(DeadLetterHeaders.ORIGINAL_TOPIC, DeadLetterHeaders.value(topic));
        headers.add(DeadLetterHeaders.SOURCE_TABLE, DeadLetterHeaders.value(ChangeEventMapper.tableOf(record)));
        byte[] value;
        try {
            value = rawJson.fromConnectData(topic, record.valueSchema(), record.value());
        } catch (RuntimeException e) {
            value = utf8(String.valueOf(record.value()));
        }
        return new ProducerRecord<>(Topics.deadLetterOf(topic), null, keyOf(record), value, headers);
    }

    private static String keyOf(SourceRecord record) {
        if (record.key() instanceof Struct key && key.schema().field("id") != null) {
            Object id = key.get("id");
            return id == null ? null : id.toString();
        }
        return null;
    }

    private static void awaitAcknowledged(Future<RecordMetadata> send) throws InterruptedException {
        try {
            send.get();
        } catch (ExecutionException e) {
            // Failing the batch stops the engine before it stores an offset past this event; the
            // supervisor restarts it with backoff and the engine resends from the last stored offset.
            throw new IllegalStateException("Kafka did not acknowledge a change event: " + e.getCause(), e.getCause());
        }
    }

    private static byte[] utf8(String value) {
        return (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
    }
}
