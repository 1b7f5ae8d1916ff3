package com.autobolt.api.operations;

import com.autobolt.kafka.KafkaSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer lag per group and dead letters per {@code .dlt} topic, from job-api's own Kafka admin
 * client. One refresh asks Kafka a handful of questions (the groups' committed offsets, the topics'
 * end offsets, the dead-letter topics and their first and end offsets), all within {@code kafkaTimeout};
 * its answer is kept for {@code kafkaCache}, so any number of open dashboards cost Kafka one refresh per
 * interval per instance. When Kafka does not answer in time the figures say so instead of failing the
 * view (and the failure is kept for the same interval, so a dead broker is not asked on every call).
 */
final class KafkaFigures implements AutoCloseable {

    static final String DEAD_LETTER_SUFFIX = ".dlt";
    /** More dead-letter topics than this are not counted (every topic of AutoBolt has one at most). */
    static final int MAX_DEAD_LETTER_TOPICS = 100;

    private final Admin admin;
    private final OperationsProperties properties;
    private final Clock clock;
    private Figures cached; // guarded by this

    KafkaFigures(KafkaSettings kafka, OperationsProperties properties, Clock clock) {
        Map<String, Object> config = new HashMap<>(kafka.clientProperties());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "job-api-operations-" + UUID.randomUUID());
        int timeout = (int) properties.kafkaTimeout().toMillis();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        this.admin = Admin.create(config);
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * @param partitions the partitions the group has committed offsets for
     * @param lag records not yet consumed: for each partition the group has committed, its end offset
     *     minus the committed one. A partition written in Kafka transactions ends with a commit marker,
     *     which takes an offset no consumer reads: there a group that is caught up shows 1
     */
    record GroupLag(String group, boolean hasOffsets, int partitions, long lag, Map<String, Long> lagByTopic) {}

    /** @param records offsets between the first kept and the end, summed over the partitions */
    record DeadLetters(String topic, String sourceTopic, long records) {}

    record Figures(
            Instant fetchedAt,
            boolean available,
            String problem,
            List<GroupLag> groups,
            List<DeadLetters> deadLetters) {}

    /** The figures of the last refresh while they are fresh; otherwise a new refresh, shared by concurrent callers. */
    synchronized Figures current() {
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.fetchedAt().plus(properties.kafkaCache()))) {
            return cached;
        }
        try {
            cached = fetch(now);
        } catch (TimeoutException e) {
            cached = unavailable(now, "Kafka did not answer within " + properties.kafkaTimeout());
        } catch (ExecutionException e) {
            // The admin client's own timeout is ours too, and may fire first: the same silence.
            cached = e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException
                    ? unavailable(now, "Kafka did not answer within " + properties.kafkaTimeout())
                    : unavailable(now, "Kafka refused: " + (e.getCause() == null ? e : e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable(now, "interrupted");
        } catch (RuntimeException e) {
            cached = unavailable(now, "asking Kafka failed: " + e);
        }
        return cached;
    }

    private Figures unavailable(Instant now, String problem) {
        return new Figures(now, false, problem, List.of(), List.of());
    }

    private Figures fetch(Instant now) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + properties.kafkaTimeout().toNanos();
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new LinkedHashMap<>();
        for (String group : properties.consumerGroups()) {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    new HashMap<>(get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), deadline));
            offsets.values().removeIf(offset -> offset == null);
            committed.put(group, offsets);
        }
        List<String> deadLetterTopics = get(admin.listTopics().names(), deadline).stream()
                .filter(name -> name.startsWith(properties.deadLetterPrefix()) && name.endsWith(DEAD_LETTER_SUFFIX))
                .sorted()
                .limit(MAX_DEAD_LETTER_TOPICS)
                .toList();
        List<TopicPartition> deadLetterPartitions = new ArrayList<>();
        if (!deadLetterTopics.isEmpty()) {
            for (TopicDescription topic : get(
                            admin.describeTopics(deadLetterTopics).allTopicNames(), deadline)
                    .values()) {
                topic.partitions()
                        .forEach(p -> deadLetterPartitions.add(new TopicPartition(topic.name(), p.partition())));
            }
        }
        Set<TopicPartition> endsWanted = new java.util.HashSet<>(deadLetterPartitions);
        committed.values().forEach(offsets -> endsWanted.addAll(offsets.keySet()));
        Map<TopicPartition, Long> ends = offsets(endsWanted, OffsetSpec.latest(), deadline);
        Map<TopicPartition, Long> starts = offsets(deadLetterPartitions, OffsetSpec.earliest(), deadline);

        List<GroupLag> groups = new ArrayList<>();
        committed.forEach((group, offsets) -> {
            Map<String, Long> byTopic = new TreeMap<>();
            offsets.forEach((partition, offset) -> byTopic.merge(
                    partition.topic(), Math.max(0, ends.getOrDefault(partition, 0L) - offset.offset()), Long::sum));
            long lag = byTopic.values().stream().mapToLong(Long::longValue).sum();
            groups.add(new GroupLag(group, !offsets.isEmpty(), offsets.size(), lag, byTopic));
        });
        Map<String, Long> deadLetterCounts = new TreeMap<>();
        deadLetterTopics.forEach(topic -> deadLetterCounts.put(topic, 0L));
        for (TopicPartition partition : deadLetterPartitions) {
            long records = Math.max(0, ends.getOrDefault(partition, 0L) - starts.getOrDefault(partition, 0L));
            deadLetterCounts.merge(partition.topic(), records, Long::sum);
        }
        List<DeadLetters> deadLetters = new ArrayList<>();
        deadLetterCounts.forEach((topic, records) -> deadLetters.add(
                new DeadLetters(topic, topic.substring(0, topic.length() - DEAD_LETTER_SUFFIX.length()), records)));
        return new Figures(now, true, null, groups, deadLetters);
    }

    private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> answer =
                get(admin.listOffsets(request).all(), deadline);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        answer.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    private static <T> T get(KafkaFuture<T> future, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
