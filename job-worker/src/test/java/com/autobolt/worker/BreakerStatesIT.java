package com.autobolt.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.sandbox.SiteBehaviour;
import com.autobolt.schemas.BreakerState;
import com.autobolt.schemas.DirectoryBreakerChanged;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.MessageKeys;
import com.autobolt.testinfra.TestInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A directory's breaker trips on a real worker (its site answers 503) and the worker publishes each
 * transition to the breaker topic, which it provisioned: open with the failure's code, half-open when
 * the cool-down is over, closed when the site answers; an open one again before it expires; and on a
 * clean stop, closed because the worker stopped.
 */
class BreakerStatesIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String WORKER = "worker-breakers";

    private WorkerTestKit kit;
    private String topic;

    @BeforeEach
    void startKit() {
        kit = new WorkerTestKit();
        topic = kit.prefix + ".breakers";
    }

    @AfterEach
    void stop() {
        kit.close();
    }

    @Test
    void shouldPublishEveryTransitionOfATrippedBreaker() {
        ConfigurableApplicationContext worker = kit.startWorker(
                WORKER,
                "autobolt.worker.breakers.topic=" + topic,
                "autobolt.worker.breakers.republish-interval=1s",
                "autobolt.worker.executor.breaker-failure-threshold=2",
                "autobolt.worker.executor.breaker-cool-down=2s",
                "autobolt.worker.executor.max-tries=6");
        List<String> directories = kit.publishDirectories("tripping", 2);
        String recovering = directories.get(0);
        String down = directories.get(1);
        // Two 503s open the breaker; after the cool-down the half-open try succeeds and closes it.
        kit.sandbox.configure(recovering, SiteBehaviour.ok().failingFirst(2, 503));
        kit.sandbox.configure(down, SiteBehaviour.ok().failingAlways(503));
        kit.createJob(directories, 3);

        try (KafkaConsumer<String, byte[]> reader = reader()) {
            List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
            await().atMost(WAIT).untilAsserted(() -> {
                reader.poll(Duration.ofMillis(200)).forEach(seen::add);
                assertThat(states(seen, recovering))
                        .containsSubsequence(BreakerState.OPEN, BreakerState.HALF_OPEN, BreakerState.CLOSED);
                // Still failing: re-published while it stays open or half-open, before it expires.
                assertThat(events(seen, down))
                        .filteredOn(e -> e.state() != BreakerState.CLOSED)
                        .hasSizeGreaterThanOrEqualTo(3);
            });
            List<DirectoryBreakerChanged> transitions = events(seen, recovering);
            DirectoryBreakerChanged opened = transitions.stream()
                    .filter(e -> e.state() == BreakerState.OPEN)
                    .findFirst()
                    .orElseThrow();
            assertThat(opened.workerId()).isEqualTo(WORKER);
            assertThat(opened.reasonCode()).isEqualTo("http_503");
            assertThat(opened.expiresAt()).isEqualTo(opened.publishedAt().plusSeconds(3));
            DirectoryBreakerChanged halfOpen = transitions.stream()
                    .filter(e -> e.state() == BreakerState.HALF_OPEN)
                    .findFirst()
                    .orElseThrow();
            assertThat(halfOpen.reasonCode()).isEqualTo(DirectoryBreakerChanged.COOL_DOWN_OVER);
            assertThat(Duration.between(opened.since(), halfOpen.since())).isEqualTo(Duration.ofSeconds(2));
            assertThat(transitions.get(transitions.size() - 1).reasonCode())
                    .isEqualTo(DirectoryBreakerChanged.SITE_ANSWERED);
            assertThat(seen).filteredOn(r -> r.value() != null).allSatisfy(r -> {
                DirectoryBreakerChanged e = EventJson.read(r.value(), DirectoryBreakerChanged.class);
                assertThat(r.key()).isEqualTo(MessageKeys.breaker(e.workerId(), e.directoryId()));
            });

            worker.close();
            await().atMost(WAIT).untilAsserted(() -> {
                reader.poll(Duration.ofMillis(200)).forEach(seen::add);
                List<DirectoryBreakerChanged> last = events(seen, down);
                assertThat(last.get(last.size() - 1))
                        .satisfies(e -> assertThat(e.state()).isEqualTo(BreakerState.CLOSED))
                        .satisfies(e -> assertThat(e.reasonCode()).isEqualTo(DirectoryBreakerChanged.WORKER_STOPPED));
            });
        }
    }

    private KafkaConsumer<String, byte[]> reader() {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        TestInfrastructure.kafka().bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        // The worker provisioned the topic at its start.
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static List<DirectoryBreakerChanged> events(
            List<ConsumerRecord<String, byte[]>> records, String directoryId) {
        return records.stream()
                .map(r -> EventJson.read(r.value(), DirectoryBreakerChanged.class))
                .filter(e -> e.directoryId().equals(directoryId))
                .toList();
    }

    private static List<BreakerState> states(List<ConsumerRecord<String, byte[]>> records, String directoryId) {
        List<BreakerState> states = new ArrayList<>();
        for (DirectoryBreakerChanged event : events(records, directoryId)) {
            if (states.isEmpty() || states.get(states.size() - 1) != event.state()) {
                states.add(event.state());
            }
        }
        return states;
    }
}
