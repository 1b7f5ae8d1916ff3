package com.autobolt.worker.config;

import com.autobolt.kafka.AutoBoltTopics;
import com.autobolt.kafka.TopicSettings;
import com.autobolt.kafka.TopicSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Every topic a worker reads or writes, as {@link AutoBoltTopics} declares it, with this worker's names:
 * provisioned before the first client starts, so a worker needs nothing from the broker but the right
 * to create them (or their prior existence).
 */
public final class WorkerTopics {

    private WorkerTopics() {}

    /** Every topic of {@link #of(WorkerProperties.Topic, TopicSettings)}, and the breaker states it writes. */
    public static List<TopicSpec> of(WorkerProperties properties, TopicSettings settings) {
        List<TopicSpec> topics = new ArrayList<>(of(properties.topics(), settings));
        topics.add(AutoBoltTopics.breakerStates(properties.breakers().topic()));
        return topics;
    }

    public static List<TopicSpec> of(WorkerProperties.Topic names, TopicSettings settings) {
        return List.of(
                AutoBoltTopics.work(names.jobs(), settings),
                // The dispatcher sets aside job changes it cannot read.
                AutoBoltTopics.deadLetterOf(names.jobs()),
                AutoBoltTopics.catalog(names.directories()),
                AutoBoltTopics.tasks(names.tasks(), names.priorityTasks(), settings),
                AutoBoltTopics.tasks(names.priorityTasks(), names.tasks(), settings),
                // Claim events of external directories, for job-api's lease service; no executor reads them.
                AutoBoltTopics.externalTasks(names.externalTasks(), settings),
                // Executors set aside claim events they cannot read.
                AutoBoltTopics.deadLetterOf(names.tasks()),
                AutoBoltTopics.deadLetterOf(names.priorityTasks()),
                AutoBoltTopics.work(names.results(), settings),
                AutoBoltTopics.dispatchLog(names.dispatchLog(), settings));
    }
}
