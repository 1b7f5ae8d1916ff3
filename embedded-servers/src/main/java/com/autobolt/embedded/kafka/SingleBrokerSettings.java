package com.autobolt.embedded.kafka;

import java.util.Map;

/** What a Kafka cluster of one broker needs beyond Kafka's defaults. */
public final class SingleBrokerSettings {

    /**
     * A single broker must keep its internal topics at replication factor 1, or consumer groups and
     * transactions wait forever for replicas that will never exist.
     */
    public static final Map<String, String> SETTINGS = Map.of(
            "offsets.topic.replication.factor", "1",
            "offsets.topic.num.partitions", "10",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "transaction.state.log.num.partitions", "10",
            "min.insync.replicas", "1",
            "group.initial.rebalance.delay.ms", "0",
            "auto.create.topics.enable", "true",
            "num.partitions", "2");

    private SingleBrokerSettings() {}
}
