package com.autobolt.api.cdc;

import com.autobolt.kafka.KafkaSettings;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run of the Debezium engine with its own Kafka producer, from start until it ends or is closed. */
final class EngineRun implements AutoCloseable {

    /** How a run ended: {@code error} is null when it ended because it was closed. */
    record Outcome(boolean success, String message, Throwable error) {}

    private static final Logger log = LoggerFactory.getLogger(EngineRun.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private final Producer<String, byte[]> producer;
    private final ExecutorService executor;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

    private EngineRun(
            CdcProperties cdc,
            KafkaSettings kafka,
            DatabaseCoordinates database,
            ChangeStreamStatus status,
            ChangeStreamMetrics metrics) {
        this.producer = new KafkaProducer<>(producerConfig(cdc, kafka));
        ChangeEventMapper mapper = new ChangeEventMapper(cdc.jobsTopic(), cdc.directoriesTopic());
        this.engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(DebeziumSettings.of(cdc, kafka, database))
                .notifying(failingFast(new KafkaChangePublisher(mapper, producer, status, metrics)))
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void pollingStarted() {
                        status.streaming();
                    }
                })
                .using((success, message, error) -> outcome.complete(new Outcome(success, message, error)))
                .build();
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cdc-engine");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The outcome is known the moment publishing fails, not only when the engine has ended: with
     * the broker gone, stopping the engine waits up to Debezium's task timeout (40 s) for offsets it
     * cannot read, and health should say DOWN meanwhile.
     */
    private DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> failingFast(KafkaChangePublisher publisher) {
        return (events, committer) -> {
            try {
                publisher.handleBatch(events, committer);
            } catch (RuntimeException e) {
                outcome.complete(new Outcome(false, e.getMessage(), e));
                throw e;
            }
        };
    }

    static EngineRun start(
            CdcProperties cdc,
            KafkaSettings kafka,
            DatabaseCoordinates database,
            ChangeStreamStatus status,
            ChangeStreamMetrics metrics) {
        EngineRun run = new EngineRun(cdc, kafka, database, status, metrics);
        run.executor.execute(run.engine);
        return run;
    }

    /** Waits up to {@code timeout} for the engine to end or fail; {@code null} while it still runs. */
    Outcome awaitEnd(Duration timeout) throws InterruptedException {
        try {
            return outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return new Outcome(false, e.getMessage(), e.getCause());
        }
    }

    /** Stops the engine (which stores the offsets of what it has published) and the producer. */
    @Override
    public void close() {
        try {
            engine.close();
        } catch (IOException | RuntimeException e) {
            // Already stopping or stopped after a failure: waiting for the end below is all that is left.
        }
        try {
            outcome.get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            // The engine thread unregisters the connector's metrics and releases the slot after
            // reporting the outcome; interrupting it would leave them behind for the next run.
            executor.shutdown();
            if (!executor.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("the change stream engine did not stop within {}", CLOSE_TIMEOUT);
            }
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            log.warn("the change stream engine did not stop cleanly: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            executor.shutdownNow();
            producer.close(Duration.ofSeconds(5));
        }
    }

    private static Map<String, Object> producerConfig(CdcProperties cdc, KafkaSettings kafka) {
        return ChangeProducerSettings.of(
                kafka, "autobolt-cdc-" + cdc.slotName(), cdc.producerLinger(), cdc.producerDeliveryTimeout());
    }
}
