package com.autobolt.projector.progress;

import com.autobolt.kafka.observability.RecordTracing;
import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.InvalidEventException;
import com.autobolt.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code autobolt.directory-results} in batches: reads each event, projects the batch,
 * dead-letters what cannot be read, applied or stored. Offsets are committed when this returns, so
 * only after the database transactions and the dead letters are done; an exception (a failure
 * {@link BatchFailures} says to retry) makes the container retry the whole batch with backoff
 * (idempotent), without consuming further.
 */
@Component
class DirectoryResultsListener {

    private final ResultProjection projection;
    private final DeadLetters deadLetters;
    private final ProjectionHealth health;
    private final ProjectorMetrics metrics;
    private final RecordTracing tracing;

    DirectoryResultsListener(
            ResultProjection projection,
            DeadLetters deadLetters,
            ProjectionHealth health,
            ProjectorMetrics metrics,
            RecordTracing tracing) {
        this.tracing = tracing;
        this.projection = projection;
        this.deadLetters = deadLetters;
        this.health = health;
        this.metrics = metrics;
    }

    @KafkaListener(
            id = "progress-projector",
            topics = "${autobolt.projector.results-topic:" + Topics.DIRECTORY_RESULTS + "}",
            groupId = "${autobolt.projector.group-id:progress-projector}",
            concurrency = "${autobolt.projector.concurrency:3}",
            containerFactory = ProjectorKafkaConfiguration.CONTAINER_FACTORY,
            batch = "true")
    void onResults(List<ConsumerRecord<String, byte[]>> records) {
        long start = System.nanoTime();
        List<IncomingResult> results = new ArrayList<>(records.size());
        List<Rejection> rejections = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.value() == null) {
                rejections.add(new Rejection(record, Rejection.EMPTY_RECORD, "empty record"));
                continue;
            }
            try {
                results.add(new IncomingResult(record, EventJson.read(record.value(), DirectoryResultReported.class)));
            } catch (InvalidEventException e) {
                rejections.add(new Rejection(record, Rejection.INVALID_EVENT, e.getMessage()));
            }
        }
        ProjectionSpans spans = ProjectionSpans.start(tracing, results);
        try {
            rejections.addAll(projection.project(results));
            deadLetters.publish(rejections);
            health.deadLettered(rejections);
            metrics.deadLettered(rejections);
            health.succeeded();
            metrics.batchDone(records.size(), rejections.size(), System.nanoTime() - start);
            spans.end();
        } catch (RuntimeException e) {
            spans.failed(e);
            health.failed(e);
            throw e;
        }
    }
}
