package com.autobolt.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * A consumer's own client metrics ({@code kafka_consumer_*}, records lag per partition among them) on a
 * registry, for as long as the consumer lives: the one way every service binds them. Kafka creates a
 * partition's metrics only once the consumer has fetched it, so they are looked for again every {@link
 * #REFRESH} (Micrometer's default is a minute, which would hide a new assignment's lag that long).
 */
public final class KafkaClientMeters implements AutoCloseable {

    public static final Duration REFRESH = Duration.ofSeconds(10);

    private final ScheduledExecutorService refresher;
    private final KafkaClientMetrics metrics;

    private KafkaClientMeters(ScheduledExecutorService refresher, KafkaClientMetrics metrics) {
        this.refresher = refresher;
        this.metrics = metrics;
    }

    /** Binds {@code consumer}'s metrics, with {@code tags} added, until {@link #close()}. */
    public static KafkaClientMeters bind(Consumer<?, ?> consumer, Iterable<Tag> tags, MeterRegistry registry) {
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kafka-client-meters");
            thread.setDaemon(true);
            return thread;
        });
        KafkaClientMetrics metrics = new KafkaClientMetrics(consumer, tags, refresher, REFRESH);
        metrics.bindTo(registry);
        return new KafkaClientMeters(refresher, metrics);
    }

    /** Removes the consumer's meters from the registry; call it when the consumer closes. */
    @Override
    public void close() {
        refresher.shutdownNow();
        metrics.close();
    }
}
