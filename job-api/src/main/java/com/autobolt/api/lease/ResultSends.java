package com.autobolt.api.lease;

import com.autobolt.api.error.ApiException;
import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.MessageKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.http.HttpStatus;

/**
 * Publishes result events and waits until Kafka has them all. Called inside the database transaction
 * that records them, before its commit: see {@link LeaseService} for why that order.
 */
final class ResultSends {

    private final Producer<String, byte[]> producer;
    private final String resultsTopic;

    ResultSends(Producer<String, byte[]> producer, String resultsTopic) {
        this.producer = producer;
        this.resultsTopic = resultsTopic;
    }

    /** Returns once every result is acknowledged; throws {@link UnpublishedException} when one is not. */
    void publish(List<DirectoryResultReported> results) {
        List<Future<RecordMetadata>> sends = new ArrayList<>(results.size());
        for (DirectoryResultReported result : results) {
            sends.add(producer.send(
                    new ProducerRecord<>(resultsTopic, MessageKeys.job(result.jobId()), EventJson.write(result))));
        }
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get();
            } catch (ExecutionException e) {
                throw new UnpublishedException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnpublishedException(e);
            }
        }
    }

    /** Kafka did not take a result: the request fails (503, try again) and its transaction rolls back. */
    static final class UnpublishedException extends ApiException {
        UnpublishedException(Throwable cause) {
            super(HttpStatus.SERVICE_UNAVAILABLE, "results cannot be published now (" + cause + "); try again");
            initCause(cause);
        }
    }
}
