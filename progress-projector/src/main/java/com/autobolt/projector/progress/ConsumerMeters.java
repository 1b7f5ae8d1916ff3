package com.autobolt.projector.progress;

import com.autobolt.kafka.KafkaClientMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.springframework.kafka.core.ConsumerFactory;

/** Binds each listener consumer's client metrics (records lag per partition) while it lives, tagged with its id. */
final class ConsumerMeters<K, V> implements ConsumerFactory.Listener<K, V> {

    private final MeterRegistry registry;
    private final Map<String, KafkaClientMeters> bound = new ConcurrentHashMap<>();

    ConsumerMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void consumerAdded(String id, Consumer<K, V> consumer) {
        bound.put(id, KafkaClientMeters.bind(consumer, Tags.of("spring.id", id), registry));
    }

    @Override
    public void consumerRemoved(String id, Consumer<K, V> consumer) {
        KafkaClientMeters meters = bound.remove(id);
        if (meters != null) {
            meters.close();
        }
    }
}
