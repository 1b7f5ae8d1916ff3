package com.autobolt.api.cdc;

import com.autobolt.schemas.DirectoryChanged;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.JobChanged;
import com.autobolt.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads everything published to a test's change topics and their dead-letter topics, from the start. */
public final class ChangeTopicsReader implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final String jobsTopic;
    private final String directoriesTopic;
    private final List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();

    ChangeTopicsReader(String bootstrapServers, String jobsTopic, String directoriesTopic) {
        this.jobsTopic = jobsTopic;
        this.directoriesTopic = directoriesTopic;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG,
                1000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class));
        consumer.subscribe(List.of(
                jobsTopic, directoriesTopic, Topics.deadLetterOf(jobsTopic), Topics.deadLetterOf(directoriesTopic)));
    }

    /** Polls once briefly and returns everything read so far; call it inside an Awaitility condition. */
    public List<ConsumerRecord<String, byte[]>> poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return records;
    }

    public List<JobChanged> jobEvents(UUID jobId) {
        List<JobChanged> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : poll()) {
            if (record.topic().equals(jobsTopic) && jobId.toString().equals(record.key())) {
                events.add(EventJson.read(record.value(), JobChanged.class));
            }
        }
        return events;
    }

    public List<DirectoryChanged> directoryEvents(String directoryId) {
        List<DirectoryChanged> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : poll()) {
            if (record.topic().equals(directoriesTopic) && directoryId.equals(record.key())) {
                events.add(EventJson.read(record.value(), DirectoryChanged.class));
            }
        }
        return events;
    }

    List<ConsumerRecord<String, byte[]>> deadLetters(String key) {
        return poll().stream()
                .filter(r -> r.topic().equals(Topics.deadLetterOf(jobsTopic)) && key.equals(r.key()))
                .toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
