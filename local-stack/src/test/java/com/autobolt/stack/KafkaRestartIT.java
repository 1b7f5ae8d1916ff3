package com.autobolt.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kafka's data survives a restart of the stack: a job stopped in the middle finishes after the next
 * start with exact progress, and the change stream resumes from its stored offsets instead of
 * publishing the tables again as a snapshot.
 */
class KafkaRestartIT {

    private static final String JOBS_TOPIC = "autobolt.public.jobs";

    @TempDir
    Path stackDirectory;

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void shouldFinishAJobStoppedInTheMiddleAfterARestartWithoutASecondSnapshot() throws Exception {
        StackSettings settings = StackTestSupport.settings(stackDirectory);
        String jobId;
        JobView atStop;
        try (LocalStack stack = LocalStack.start(settings)) {
            ApiClient staff = new ApiClient(stack.apiBaseUrl(), stack.keys().staff());
            jobId = new Demo(staff, new ProgressBoard(System.out, false), Duration.ZERO)
                    .create(List.of("enterprise"))
                    .get(0)
                    .id();
            atStop = awaitView(staff, jobId, view -> view.done() >= 20, Duration.ofMinutes(5));
            assertThat(atStop.terminal())
                    .as("stopped in the middle: %s", atStop)
                    .isFalse();
        }
        String clusterId = clusterId();

        try (LocalStack stack = LocalStack.start(settings)) {
            ApiClient staff = new ApiClient(stack.apiBaseUrl(), stack.keys().staff());
            JobView end = awaitView(staff, jobId, JobView::terminal, Duration.ofMinutes(8));

            StackTestSupport.assertExactProgress(stack, jobId, end, 500);
            assertThat(end.done()).isGreaterThan(atStop.done());
            List<String> operations = jobOperations(stack.kafkaBootstrapServers());
            assertThat(operations)
                    .as("the jobs topic kept the first start's events")
                    .contains("created");
            assertThat(operations)
                    .as("no second snapshot: the change stream resumed from its offsets")
                    .doesNotContain("snapshot");
        }
        assertThat(clusterId()).isEqualTo(clusterId);
    }

    private static JobView awaitView(
            ApiClient staff, String jobId, java.util.function.Predicate<JobView> condition, Duration timeout) {
        AtomicReference<JobView> seen = new AtomicReference<>();
        await().atMost(timeout)
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> {
                    seen.set(JobView.of(staff.get("/api/jobs/" + jobId).body()));
                    return condition.test(seen.get());
                });
        return seen.get();
    }

    /** The {@code op} of every event in the jobs topic, read from the beginning. */
    private static List<String> jobOperations(String bootstrapServers) {
        JsonMapper json = JsonMapper.builder().build();
        List<String> operations = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(JOBS_TOPIC).stream()
                    .map(info -> new TopicPartition(JOBS_TOPIC, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime())
                        .as("read the jobs topic to its end")
                        .isLessThan(deadline);
                for (ConsumerRecord<String, String> event : consumer.poll(Duration.ofSeconds(1))) {
                    if (event.value() != null) {
                        operations.add(json.readTree(event.value()).get("op").asString());
                    }
                }
            }
        }
        return operations;
    }

    private String clusterId() throws IOException {
        Properties meta = new Properties();
        try (Reader reader = Files.newBufferedReader(stackDirectory.resolve("data/kafka/meta.properties"))) {
            meta.load(reader);
        }
        return meta.getProperty("cluster.id");
    }
}
