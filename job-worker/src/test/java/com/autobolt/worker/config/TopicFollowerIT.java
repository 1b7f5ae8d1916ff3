package com.autobolt.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.kafka.AutoBoltTopics;
import com.autobolt.kafka.KafkaSettings;
import com.autobolt.kafka.TopicProvisioner;
import com.autobolt.testinfra.kafka.DisposableKafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/**
 * A follower outlives failures of its broker: it reports them in health and keeps retrying instead
 * of ending its thread (which left a worker's views silently stale). Readers here give up on a call
 * after 2 s instead of 60 s. Not covered: following again once the same broker is back (an embedded
 * KRaft broker cannot be restarted at the same address).
 */
class TopicFollowerIT {

    @Test
    void shouldReportDownWhileItsBrokerIsGone() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (DisposableKafkaBroker broker = new DisposableKafkaBroker()) {
            new TopicProvisioner(KafkaSettings.plaintext(broker.bootstrapServers()))
                    .ensure(List.of(AutoBoltTopics.catalog("followed")));
            KafkaClients clients = new KafkaClients(
                    KafkaSettings.plaintext(broker.bootstrapServers()),
                    Duration.ofSeconds(2),
                    new WorkerProperties.Kafka(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(3)));
            TopicFollowersHealth health = new TopicFollowersHealth(clients);
            try (TopicFollower follower =
                    new TopicFollower(clients, "followed", record -> seen.add(record.key())).start()) {
                publish(broker.bootstrapServers(), "followed", "before");
                await().atMost(Duration.ofSeconds(30)).until(() -> seen.contains("before"));
                assertThat(health.health().getStatus()).isEqualTo(Status.UP);

                broker.stop();

                await().atMost(Duration.ofSeconds(60)).until(() -> follower.failure() != null);
                var down = health.health();
                assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                assertThat(down.getDetails().get("followed").toString()).startsWith("failing, retrying: ");
            }
            assertThat(clients.followers()).isEmpty();
        }
    }

    private static void publish(String bootstrapServers, String topic, String key) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(topic, key, new byte[0])).get();
        }
    }
}
