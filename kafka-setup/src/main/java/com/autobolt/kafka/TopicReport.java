package com.autobolt.kafka;

import java.util.List;

/**
 * What a provisioning run found: the topics it created and what is wrong with the ones that existed (too
 * few partitions, another cleanup policy, less replication than configured). A problem does not stop the
 * service; it is logged and shown in health until the operator fixes the topic.
 */
public record TopicReport(List<String> created, List<String> problems) {

    public TopicReport {
        created = List.copyOf(created);
        problems = List.copyOf(problems);
    }
}
