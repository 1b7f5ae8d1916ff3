package com.autobolt.api.events;

import com.autobolt.kafka.FollowerConsumers;
import com.autobolt.kafka.KafkaSettings;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Consumers of the jobs change topic, followed without a consumer group ({@link FollowerConsumers}).
 */
final class ChangeTopicConsumers {

    private final KafkaSettings kafka;

    ChangeTopicConsumers(KafkaSettings kafka) {
        this.kafka = kafka;
    }

    KafkaConsumer<String, byte[]> create(String purpose) {
        return FollowerConsumers.create(kafka, "job-api-events-" + purpose);
    }
}
