package com.autobolt.api.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A resuming client's catch-up: a short-lived consumer of its own reads, per partition, from the
 * client's position up to the position at which it joined the live feed; the live feed delivers
 * everything after that. A position no longer in the topic (past retention, or from another topic)
 * starts at the oldest record still there, and the client is told it did not resume.
 */
final class Replay implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, byte[]> consumer;
    private final long[] start;
    private final long[] until;
    private final List<TopicPartition> pending;
    private final boolean resumed;

    /**
     * @param from the client's position ({@link StreamPosition#UNKNOWN} for a partition it never saw)
     * @param until where the client joined the live feed
     * @param partitions the partitions the client's stream covers
     */
    Replay(
            EventsProperties properties,
            ChangeTopicConsumers consumers,
            String topic,
            long[] from,
            long[] until,
            List<Integer> partitions) {
        this.until = until;
        this.start = from.clone();
        this.consumer = consumers.create("replay");
        List<TopicPartition> assigned =
                partitions.stream().map(p -> new TopicPartition(topic, p)).toList();
        try {
            // Assigned before asking for offsets: a read_committed consumer keeps them for its partitions.
            consumer.assign(assigned);
            Duration timeout = properties.replayTimeout();
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(assigned, timeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, timeout);
            boolean exact = true;
            for (TopicPartition partition : assigned) {
                int p = partition.partition();
                long oldest = beginning.get(partition);
                if (start[p] == StreamPosition.UNKNOWN) {
                    start[p] = oldest; // a partition the position does not name: everything in it is news
                } else if (start[p] < oldest || start[p] > end.get(partition)) {
                    start[p] = oldest;
                    exact = false;
                }
                consumer.seek(partition, start[p]);
            }
            this.resumed = exact;
            this.pending = assigned.stream()
                    .filter(partition -> start[partition.partition()] < until[partition.partition()])
                    .toList();
            consumer.pause(assigned.stream().filter(p -> !pending.contains(p)).toList());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Where the replay starts: the client's position, or the oldest records where that is gone. */
    long[] start() {
        return start.clone();
    }

    /** Whether the replay continues exactly from the client's position. */
    boolean resumed() {
        return resumed;
    }

    /**
     * Hands every record in [start, until) to {@code sink}, partition order kept; false when out of
     * time or told to {@code stop}.
     */
    boolean run(Consumer<ConsumerRecord<String, byte[]>> sink, Duration timeout, BooleanSupplier stop) {
        Instant deadline = Instant.now().plus(timeout);
        while (!isDone()) {
            if (Instant.now().isAfter(deadline) || stop.getAsBoolean()) {
                return false;
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                if (record.offset() < until[record.partition()]) {
                    sink.accept(record);
                }
            }
        }
        return true;
    }

    private boolean isDone() {
        for (TopicPartition partition : pending) {
            if (consumer.position(partition) < until[partition.partition()]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
