package com.autobolt.api.cdc;

import com.autobolt.kafka.AutoBoltTopics;
import com.autobolt.kafka.TopicSettings;
import com.autobolt.kafka.TopicSpec;
import java.util.List;

/**
 * The topics the change stream writes: the change topics, their dead-letter topics and the compacted
 * offsets topic, provisioned before each engine run.
 */
final class ChangeTopics {

    private ChangeTopics() {}

    static List<TopicSpec> of(CdcProperties properties, TopicSettings settings) {
        return List.of(
                AutoBoltTopics.work(properties.jobsTopic(), settings),
                AutoBoltTopics.deadLetterOf(properties.jobsTopic()),
                AutoBoltTopics.catalog(properties.directoriesTopic()),
                AutoBoltTopics.deadLetterOf(properties.directoriesTopic()),
                offsets(properties));
    }

    static TopicSpec offsets(CdcProperties properties) {
        return AutoBoltTopics.connectOffsets(properties.offsetTopic());
    }
}
