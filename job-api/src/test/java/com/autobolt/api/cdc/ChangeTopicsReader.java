package com.autobolt.api.cdc;

import com.autobolt.api.support.TopicsReader;
import com.autobolt.schemas.DirectoryChanged;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.JobChanged;
import com.autobolt.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads everything published to a test's change topics and their dead-letter topics, from the start. */
public final class ChangeTopicsReader implements AutoCloseable {

    private final TopicsReader reader;
    private final String jobsTopic;
    private final String directoriesTopic;

    ChangeTopicsReader(String bootstrapServers, String jobsTopic, String directoriesTopic) {
        this.jobsTopic = jobsTopic;
        this.directoriesTopic = directoriesTopic;
        this.reader = new TopicsReader(
                bootstrapServers,
                List.of(
                        jobsTopic,
                        directoriesTopic,
                        Topics.deadLetterOf(jobsTopic),
                        Topics.deadLetterOf(directoriesTopic)));
    }

    /** Polls once briefly and returns everything read so far; call it inside an Awaitility condition. */
    public List<ConsumerRecord<String, byte[]>> poll() {
        return reader.poll();
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
        reader.close();
    }
}
