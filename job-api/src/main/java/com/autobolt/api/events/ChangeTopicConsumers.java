package com.autobolt.api.events;

import com.autobolt.kafka.KafkaSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Consumers of the jobs change topic. No consumer group: partitions are assigned by hand and
 * positions are the streams' own, so nothing is committed and instances never rebalance each other.
 */
final class ChangeTopicConsumers {

    private final KafkaSettings kafka;

    ChangeTopicConsumers(KafkaSettings kafka) {
        this.kafka = kafka;
    }

    KafkaConsumer<String, byte[]> create(String purpose) {
        Map<String, Object> config = new HashMap<>(kafka.clientProperties());
        config.putAll(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG,
                "job-api-events-" + purpose + "-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG,
                false,
                // A position that fell out of retention restarts at the oldest record still there.
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                500,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class));
        return new KafkaConsumer<>(config);
    }
}
