package com.autobolt.projector.progress;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the projector creates its topics when they do not exist yet ({@code autobolt.topics.*}).
 *
 * @param replicationFactor 1 for a single broker, 3 in production
 */
@ConfigurationProperties("autobolt.topics")
record TopicSettings(
        @DefaultValue("6") int partitions,
        @DefaultValue("1") short replicationFactor) {}
