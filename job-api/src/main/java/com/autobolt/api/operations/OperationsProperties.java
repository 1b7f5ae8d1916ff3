package com.autobolt.api.operations;

import com.autobolt.schemas.Topics;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operations view ({@code autobolt.operations.*}, env {@code AUTOBOLT_OPERATIONS_*}).
 *
 * @param kafkaEnabled whether the breaker states, consumer lag and dead letters are read from Kafka (off:
 *     the view says so and shows the database's figures only)
 * @param breakersTopic the compacted topic the workers publish their breakers to
 * @param topDirectories how many directories, the busiest of the last hour, the view lists
 * @param consumerGroups the consumer groups whose lag the view shows
 * @param deadLetterPrefix the view counts the topics whose names start with this and end with {@code .dlt}
 *     (another environment's topics on the same cluster are not counted)
 * @param kafkaCache how long the lag and dead-letter figures are reused before Kafka is asked again
 * @param kafkaTimeout how long one refresh of those figures may take before the view says Kafka did not
 *     answer
 * @param queryTimeout how long each database query of the view may take
 * @param maxBreakers the most breaker records kept in memory (one per worker and directory)
 * @param maxBreakerRecordBytes a breaker record larger than this is skipped and counted
 */
@ConfigurationProperties("autobolt.operations")
public record OperationsProperties(
        @DefaultValue("true") boolean kafkaEnabled,
        @DefaultValue(Topics.DIRECTORY_BREAKERS) String breakersTopic,
        @DefaultValue("20") int topDirectories,

        @DefaultValue({"autobolt-dispatcher", "autobolt-executors", "progress-projector"})
        List<String> consumerGroups,

        @DefaultValue("autobolt.") String deadLetterPrefix,

        @DefaultValue("5s") Duration kafkaCache,
        @DefaultValue("3s") Duration kafkaTimeout,
        @DefaultValue("5s") Duration queryTimeout,
        @DefaultValue("10000") int maxBreakers,
        @DefaultValue("4096") int maxBreakerRecordBytes) {

    public OperationsProperties {
        if (topDirectories < 1 || topDirectories > 200) {
            throw new IllegalArgumentException("topDirectories must be 1..200, not " + topDirectories);
        }
        if (maxBreakers < 1 || maxBreakerRecordBytes < 256) {
            throw new IllegalArgumentException("maxBreakers must be >= 1 and maxBreakerRecordBytes >= 256");
        }
        consumerGroups = List.copyOf(consumerGroups);
    }
}
