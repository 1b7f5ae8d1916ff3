package com.autobolt.projector.progress;

import com.autobolt.schemas.DeadLetterHeaders;
import com.autobolt.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Sends records the projector cannot apply to {@code autobolt.directory-results.dlt}, unchanged,
 * with the reason and their origin in headers. Waits for the broker's acknowledgement, so the
 * source offsets are committed only once every rejected record is safely parked.
 */
@Component
class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final KafkaTemplate<String, byte[]> template;

    DeadLetters(KafkaTemplate<String, byte[]> template) {
        this.template = template;
    }

    void publish(List<Rejection> rejections) {
        if (rejections.isEmpty()) {
            return;
        }
        List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>();
        for (Rejection rejection : rejections) {
            var source = rejection.record();
            log.warn(
                    "dead-lettering {}-{}@{}: {}",
                    source.topic(),
                    source.partition(),
                    source.offset(),
                    rejection.reason());
            ProducerRecord<String, byte[]> record =
                    new ProducerRecord<>(Topics.deadLetterOf(source.topic()), source.key(), source.value());
            record.headers()
                    .add(DeadLetterHeaders.REASON, DeadLetterHeaders.value(rejection.reason()))
                    .add(DeadLetterHeaders.ORIGINAL_TOPIC, DeadLetterHeaders.value(source.topic()))
                    .add(
                            DeadLetterHeaders.ORIGINAL_PARTITION,
                            DeadLetterHeaders.value(String.valueOf(source.partition())))
                    .add(DeadLetterHeaders.ORIGINAL_OFFSET, DeadLetterHeaders.value(String.valueOf(source.offset())));
            sends.add(template.send(record));
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not dead-letter " + rejections.size() + " records", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        }
    }
}
