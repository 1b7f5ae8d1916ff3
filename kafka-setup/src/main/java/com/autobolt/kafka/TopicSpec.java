package com.autobolt.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * One topic as AutoBolt needs it. Replication and min ISR come from {@link TopicSettings}, the same for
 * every topic.
 *
 * @param partitions the partitions it is created with, and the fewest it may have
 * @param compacted whether only the latest record of each key is kept (state: the catalog, the dispatch
 *     log, stored offsets) rather than every record for {@code retention}
 * @param retention how long records are kept; ignored when compacted
 * @param samePartitionsAs the topic that must have exactly as many partitions as this one, or null
 *     (the two task topics: an executor owns partition N of both, so one directory's tasks never run on
 *     two instances at once)
 */
public record TopicSpec(String name, int partitions, boolean compacted, Duration retention, String samePartitionsAs) {

    public TopicSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a topic needs a name");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException(name + ": partitions must be at least 1");
        }
    }

    public String cleanupPolicy() {
        return compacted ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE;
    }

    NewTopic toNewTopic(TopicSettings settings) {
        Map<String, String> configs = new HashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy());
        configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(settings.minInsyncReplicas()));
        if (!compacted) {
            configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
        }
        return new NewTopic(name, partitions, settings.replicationFactor()).configs(configs);
    }
}
