package com.autobolt.projector.progress;

import com.autobolt.schemas.Topics;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the projector ({@code autobolt.projector.*}).
 *
 * @param batchSize the most result events projected in one database transaction
 * @param concurrency consumer threads; more than the topic's partitions is useless
 * @param groupId the consumer group; every projector instance shares it
 * @param retryInitialInterval first wait after a failed batch (e.g. database unreachable)
 * @param retryMaxInterval the longest wait between retries of a failed batch; retries never give up
 * @param resultsTopic the topic of result events; its dead-letter topic is derived from it
 * @param planCacheSize how many jobs' plans are kept in memory (about 30 KB each for 500 directories)
 */
@ConfigurationProperties("autobolt.projector")
record ProjectorProperties(
        @DefaultValue("500") int batchSize,
        @DefaultValue("3") int concurrency,
        @DefaultValue("progress-projector") String groupId,
        @DefaultValue("200ms") Duration retryInitialInterval,
        @DefaultValue("10s") Duration retryMaxInterval,
        @DefaultValue(Topics.DIRECTORY_RESULTS) String resultsTopic,
        @DefaultValue("1000") int planCacheSize) {

    ProjectorProperties {
        if (planCacheSize < 1) {
            throw new IllegalArgumentException(
                    "autobolt.projector.plan-cache-size must be at least 1, was " + planCacheSize);
        }
    }
}
