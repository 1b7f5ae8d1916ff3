package com.autobolt.api.cdc;

import com.autobolt.kafka.KafkaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The settings of every producer that publishes what the change stream publishes (the stream itself,
 * the reconciler's repairs): nothing counts as sent before every in-sync replica has it
 * ({@code acks=all}), and the broker drops a retried send it already has (idempotence), so a send
 * that fails can be retried without duplicating or reordering events of a key.
 */
public final class ChangeProducerSettings {

    /**
     * The longest a send may wait for metadata of a broker that is gone before it fails (Kafka's default is
     * a minute), so health reports the outage while it lasts.
     */
    private static final Duration MAX_BLOCK = Duration.ofSeconds(10);

    private ChangeProducerSettings() {}

    public static Map<String, Object> of(
            KafkaSettings kafka, String clientId, Duration linger, Duration deliveryTimeout) {
        long deliveryTimeoutMs = deliveryTimeout.toMillis();
        Map<String, Object> settings = new HashMap<>(kafka.clientProperties());
        settings.putAll(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG,
                clientId,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                (int) linger.toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                (int) deliveryTimeoutMs,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) Math.min(10_000, deliveryTimeoutMs / 2),
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                maxBlockMs(deliveryTimeout),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
        return settings;
    }

    /**
     * How long a send may block for metadata: never longer than the delivery it is part of may take. Once
     * the broker is gone the client falls back to its bootstrap list and forgets the topics' partitions,
     * so every send waits this long; the change stream's offset store waits as long before a flush fails,
     * and one wait after the other is how late health turns DOWN.
     */
    static int maxBlockMs(Duration deliveryTimeout) {
        return (int) Math.min(MAX_BLOCK.toMillis(), deliveryTimeout.toMillis());
    }
}
