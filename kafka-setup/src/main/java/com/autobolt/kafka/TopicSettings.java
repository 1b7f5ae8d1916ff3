package com.autobolt.kafka;

/**
 * How AutoBolt's topics are created and checked ({@code autobolt.kafka.topics.*}). The defaults suit one
 * local broker; a cluster uses replication factor 3 and min ISR 2 (docs/operations.md).
 *
 * @param partitions partitions of the topics that carry the work (jobs, tasks, results, dispatch log):
 *     the most instances of a consumer that can share it
 * @param replicationFactor copies of every partition
 * @param minInsyncReplicas copies that must have a record before a producer with {@code acks=all} is told
 *     it is written
 * @param createMissing create a missing topic at start; when false, a missing topic is a startup error
 *     that names it (for clusters where only the operator creates topics)
 */
public record TopicSettings(int partitions, short replicationFactor, int minInsyncReplicas, boolean createMissing) {

    /** The same values as {@code autobolt-kafka.properties} without any environment. */
    public static final TopicSettings LOCAL = new TopicSettings(12, (short) 1, 1, true);

    public TopicSettings {
        if (partitions < 1) {
            throw new IllegalArgumentException(
                    "autobolt.kafka.topics.partitions must be at least 1, was " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException(
                    "autobolt.kafka.topics.replication-factor must be at least 1, was " + replicationFactor);
        }
        if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("autobolt.kafka.topics.min-insync-replicas must be between 1 and the"
                    + " replication factor " + replicationFactor + ", was " + minInsyncReplicas);
        }
    }
}
