package com.autobolt.examples.analytics.outcomes;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The subscriber's position in each partition, in {@code consumed_offsets}: the offset of the next record
 * to read, which is where it resumes after a crash or when a partition is assigned to it. Moved only in
 * the transaction that writes what the records before it said.
 */
@Component
class StoredOffsets {

    private final JdbcTemplate jdbc;

    StoredOffsets(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Where to resume each partition: its stored next offset. A partition never read before is stored
     * first at its beginning (from {@code beginnings}), so that every partition read has a row to lock.
     */
    Map<TopicPartition, Long> resume(
            Collection<TopicPartition> partitions,
            Function<Collection<TopicPartition>, Map<TopicPartition, Long>> beginnings) {
        Map<TopicPartition, Long> stored = read(partitions);
        List<TopicPartition> unread =
                partitions.stream().filter(p -> !stored.containsKey(p)).toList();
        if (!unread.isEmpty()) {
            beginnings
                    .apply(unread)
                    .forEach((partition, beginning) -> jdbc.update(
                            "INSERT INTO consumed_offsets (topic, partition, next_offset, records, updated_at)"
                                    + " VALUES (?, ?, ?, 0, now()) ON CONFLICT (topic, partition) DO NOTHING",
                            partition.topic(),
                            partition.partition(),
                            beginning));
            stored.putAll(read(unread));
        }
        return stored;
    }

    private Map<TopicPartition, Long> read(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> stored = new HashMap<>();
        for (TopicPartition partition : partitions) {
            jdbc.queryForList(
                            "SELECT next_offset FROM consumed_offsets WHERE topic = ? AND partition = ?",
                            Long.class,
                            partition.topic(),
                            partition.partition())
                    .forEach(offset -> stored.put(partition, offset));
        }
        return stored;
    }

    /**
     * Locks the partition's row until the transaction ends and checks it still says {@code expected}: if
     * another instance (this one's successor after a rebalance this one has not noticed yet) has moved it
     * since, the records this one read are not the next ones any more and must not be applied.
     */
    void lock(TopicPartition partition, long expected) {
        List<Long> rows = jdbc.queryForList(
                "SELECT next_offset FROM consumed_offsets WHERE topic = ? AND partition = ? FOR UPDATE",
                Long.class,
                partition.topic(),
                partition.partition());
        if (rows.size() != 1 || rows.get(0) != expected) {
            throw new PositionMovedException(
                    partition + " is stored at " + rows + ", not at " + expected + " where this instance read from");
        }
    }

    /** Moves the partition (locked by {@link #lock}) to {@code nextOffset}, past {@code records} more records. */
    void advance(TopicPartition partition, long nextOffset, int records) {
        jdbc.update(
                "UPDATE consumed_offsets SET next_offset = ?, records = records + ?, updated_at = now()"
                        + " WHERE topic = ? AND partition = ?",
                nextOffset,
                records,
                partition.topic(),
                partition.partition());
    }

    /** Another writer moved a partition's stored offset under this instance. */
    static final class PositionMovedException extends RuntimeException {

        PositionMovedException(String message) {
            super(message);
        }
    }
}
