package com.autobolt.api.cdc;

import com.autobolt.api.retry.Backoff;
import com.autobolt.schemas.Topics;
import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the change stream. Every setting has a local default and can be overridden by the
 * environment ({@code AUTOBOLT_CDC_SLOT_NAME}, ...). Kafka, partitions and replication are the
 * {@code autobolt.kafka.*} settings every service shares (kafka-setup).
 *
 * @param engineName the Debezium engine name; together with {@code topicPrefix} it keys the stored
 *     offsets, so every instance of job-api must use the same value to resume where another stopped
 * @param slotName the PostgreSQL replication slot; also names the leadership lock
 * @param publicationName the publication the slot reads (created by migration {@code V3})
 * @param snapshotMode Debezium's {@code snapshot.mode}: {@code initial} publishes the existing rows
 *     once, on the very first start, when no offsets are stored
 * @param offsetFlushInterval how often the engine stores its offset while streaming (always on a
 *     clean stop): bounds what a crash replays; each store briefly stalls the stream
 * @param leadershipRetryInterval how often a standby instance tries to become the streamer
 * @param pollInterval how long Debezium sleeps when it finds nothing new, both where it reads the
 *     replication stream and where the engine takes changes from its queue: a change arriving
 *     during a sleep waits for its end, twice over, so this is paid in latency on every change.
 *     Shorter costs CPU (the engine's queue spins through the last sub-millisecond of each wait:
 *     45 % of a core at 1 ms, 20 % at 5 ms, measured on the idle local stack), so it holds only
 *     while changes flow ({@link AdaptivePollingTask})
 * @param idlePollInterval both waits once no data change has been taken for {@code idleAfter}; the
 *     queue then hands a change over at once, so the first change after a quiet spell waits at
 *     most this long, once (README, <em>Idle cost</em>)
 * @param idleAfter how long after the last data change the stream keeps polling at {@code pollInterval}
 */
@ConfigurationProperties(prefix = "autobolt.cdc")
record CdcProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("autobolt-job-api-cdc") String engineName,
        @DefaultValue("autobolt") String topicPrefix,
        @DefaultValue(Topics.JOBS) String jobsTopic,
        @DefaultValue(Topics.DIRECTORIES) String directoriesTopic,
        @DefaultValue("autobolt.cdc-offsets") String offsetTopic,
        @DefaultValue("60s") Duration offsetFlushInterval,
        @DefaultValue("autobolt_jobs") String slotName,
        @DefaultValue("autobolt_cdc") String publicationName,
        @DefaultValue("initial") String snapshotMode,
        @DefaultValue("10s") Duration heartbeatInterval,
        @DefaultValue("1ms") Duration pollInterval,
        @DefaultValue("100ms") Duration idlePollInterval,
        @DefaultValue("2s") Duration idleAfter,
        @DefaultValue("2048") int maxBatchSize,
        @DefaultValue("8192") int maxQueueSize,
        @DefaultValue("1ms") Duration producerLinger,
        @DefaultValue("30s") Duration producerDeliveryTimeout,
        @DefaultValue("2s") Duration leadershipRetryInterval,
        @DefaultValue("1s") Duration retryInitialBackoff,
        @DefaultValue("30s") Duration retryMaxBackoff) {

    // PostgreSQL's own rule for slot names; it also makes the name safe inside the heartbeat query.
    private static final Pattern SLOT_NAME = Pattern.compile("[a-z0-9_]{1,63}");

    CdcProperties {
        if (!SLOT_NAME.matcher(slotName).matches()) {
            throw new IllegalArgumentException("autobolt.cdc.slot-name must match " + SLOT_NAME + ", was " + slotName);
        }
        if (!SLOT_NAME.matcher(publicationName).matches()) {
            throw new IllegalArgumentException(
                    "autobolt.cdc.publication-name must match " + SLOT_NAME + ", was " + publicationName);
        }
        if (idlePollInterval.compareTo(pollInterval) < 0) {
            throw new IllegalArgumentException("autobolt.cdc.idle-poll-interval must not be below poll-interval");
        }
        if (retryMaxBackoff.compareTo(retryInitialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "autobolt.cdc.retry-max-backoff must not be below retry-initial-backoff");
        }
    }

    String jobsDeadLetterTopic() {
        return Topics.deadLetterOf(jobsTopic);
    }

    String directoriesDeadLetterTopic() {
        return Topics.deadLetterOf(directoriesTopic);
    }

    /** The supervisor's backoff between tries, from {@code retry-initial-backoff} to {@code retry-max-backoff}. */
    Backoff backoff() {
        return new Backoff(retryInitialBackoff, retryMaxBackoff);
    }
}
