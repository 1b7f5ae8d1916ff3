package com.autobolt.analytics;

import com.autobolt.schemas.Topics;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The analytics stream ({@code autobolt.analytics.*}, environment {@code AUTOBOLT_ANALYTICS_*}). Topic names
 * default to {@link Topics}; tests rename them.
 *
 * @param enabled run the stream in this process ({@code AUTOBOLT_ANALYTICS_ENABLED}, default true)
 * @param applicationId the Kafka Streams application id: its consumer group, the prefix of its internal topics
 *     and of its transactional ids; every instance of the fleet shares it
 * @param stateDir where the stream keeps its local state stores (rebuilt from their changelogs when lost); when
 *     unset, a fresh temporary directory of this process, deleted at close: two instances on one machine never
 *     share one, at the cost of restoring the stores from their changelogs at each start
 */
@ConfigurationProperties("autobolt.analytics")
public record AnalyticsSettings(
        Boolean enabled,
        String applicationId,
        Path stateDir,
        String resultsTopic,
        String jobsTopic,
        String directoriesTopic,
        String outcomesTopic,
        String jobSummariesTopic) {

    public static final String DEFAULT_APPLICATION_ID = "autobolt-analytics";

    public AnalyticsSettings {
        enabled = enabled == null || enabled;
        applicationId = applicationId == null || applicationId.isBlank() ? DEFAULT_APPLICATION_ID : applicationId;
        resultsTopic = orDefault(resultsTopic, Topics.DIRECTORY_RESULTS);
        jobsTopic = orDefault(jobsTopic, Topics.JOBS);
        directoriesTopic = orDefault(directoriesTopic, Topics.DIRECTORIES);
        outcomesTopic = orDefault(outcomesTopic, Topics.ANALYTICS_DIRECTORY_OUTCOMES);
        jobSummariesTopic = orDefault(jobSummariesTopic, Topics.ANALYTICS_JOBS);
    }

    /** Whether {@link #stateDir} was left to the process (a temporary directory). */
    public boolean temporaryStateDir() {
        return stateDir == null || stateDir.toString().isBlank();
    }

    /** The production defaults. */
    public static AnalyticsSettings defaults() {
        return new AnalyticsSettings(null, null, null, null, null, null, null, null);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
