package com.autobolt.embedded.kafka;

import java.util.Map;

/** What a Kafka cluster of one broker needs beyond Kafka's defaults. */
public final class SingleBrokerSettings {

    /**
     * A single broker must keep its internal topics at replication factor 1, or consumer groups and
     * transactions wait forever for replicas that will never exist.
     */
    public static final Map<String, String> SETTINGS = Map.ofEntries(
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("offsets.topic.num.partitions", "10"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("transaction.state.log.num.partitions", "10"),
            Map.entry("min.insync.replicas", "1"),
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            // As on a production cluster: every topic is created by AutoBolt's provisioning (kafka-setup),
            // so a topic it forgot to declare fails here rather than in production.
            Map.entry("auto.create.topics.enable", "false"),
            Map.entry("num.partitions", "2"));

    private SingleBrokerSettings() {}
}
