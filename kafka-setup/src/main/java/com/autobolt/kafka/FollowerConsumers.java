package com.autobolt.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Consumers that follow topics without a consumer group: partitions are assigned by hand and positions
 * are the follower's own, so nothing is committed and instances never rebalance each other. They read
 * only committed records, never create a topic, and start a position that fell out of retention at the
 * oldest record still there.
 */
public final class FollowerConsumers {

    private FollowerConsumers() {}

    /** A new consumer whose client id starts with {@code clientIdPrefix} (unique per consumer). */
    public static KafkaConsumer<String, byte[]> create(KafkaSettings kafka, String clientIdPrefix) {
        Map<String, Object> config = new HashMap<>(kafka.clientProperties());
        config.putAll(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG,
                clientIdPrefix + "-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG,
                false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                500,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class));
        return IdleFetch.consumer(config);
    }
}
