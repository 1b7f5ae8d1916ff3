package com.autobolt.kafka;

import com.autobolt.schemas.Topics;
import java.time.Duration;

/**
 * Every AutoBolt topic's shape, declared once. Names are passed in because tests (and staging beside
 * production on one cluster) may rename them; the shape of a kind of topic never changes with its name.
 * Each service provisions the topics it reads or writes at its start ({@link TopicProvisioner}), so no
 * start order between services matters.
 */
public final class AutoBoltTopics {

    /** What a subscriber or a stopped consumer can still read of the work topics. */
    public static final Duration WORK_RETENTION = Duration.ofDays(7);

    /** Dead letters wait for an operator, who may be on holiday. */
    public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(30);

    /** The catalog is small and read whole; a few partitions are plenty for any fleet. */
    static final int CATALOG_PARTITIONS = 3;

    private AutoBoltTopics() {}

    /** Change events of jobs, tasks, priority tasks, results: keyed, retained, partitioned for the fleet. */
    public static TopicSpec work(String name, TopicSettings settings) {
        return new TopicSpec(name, settings.partitions(), false, WORK_RETENTION, null);
    }

    /** The two task topics, which must be partitioned alike ({@link TopicSpec#samePartitionsAs}). */
    public static TopicSpec tasks(String name, String otherTasksTopic, TopicSettings settings) {
        return new TopicSpec(name, settings.partitions(), false, WORK_RETENTION, otherTasksTopic);
    }

    /**
     * The claim events of external directories, which job-api's lease service follows into its table.
     * Keyed by directory id like the other task topics, but never read with them, so it need not be
     * partitioned like them.
     */
    public static TopicSpec externalTasks(String name, TopicSettings settings) {
        return new TopicSpec(name, settings.partitions(), false, WORK_RETENTION, null);
    }

    /**
     * The directory catalog's change topic: compacted, because every worker rebuilds the catalog from its
     * start, and a directory nobody edited for a week must still be there.
     */
    public static TopicSpec catalog(String name) {
        return new TopicSpec(name, CATALOG_PARTITIONS, true, WORK_RETENTION, null);
    }

    /** The dispatcher's record of what it dispatched, per job and attempt: only the latest matters. */
    public static TopicSpec dispatchLog(String name, TopicSettings settings) {
        return new TopicSpec(name, settings.partitions(), true, WORK_RETENTION, null);
    }

    /**
     * The workers' circuit breakers per directory: compacted (a reader starting from the beginning sees
     * each worker's last word on each directory, however old) and small, read whole by job-api.
     */
    public static TopicSpec breakerStates(String name) {
        return new TopicSpec(name, CATALOG_PARTITIONS, true, WORK_RETENTION, null);
    }

    /**
     * The PII-free analytics topics (directory outcomes, job summaries): compacted, so a subscriber that
     * starts from the beginning, however late, reads the current state of every key; partitioned like the
     * work topics, since they carry one record per result and per job change.
     */
    public static TopicSpec analytics(String name, TopicSettings settings) {
        return new TopicSpec(name, settings.partitions(), true, WORK_RETENTION, null);
    }

    /** The dead-letter topic of {@code sourceTopic}: few records, kept long. */
    public static TopicSpec deadLetterOf(String sourceTopic) {
        return new TopicSpec(Topics.deadLetterOf(sourceTopic), 1, false, DEAD_LETTER_RETENTION, null);
    }

    /**
     * The change stream's stored positions (Kafka Connect's offsets topic): compacted, as Connect requires,
     * and one partition, which is all one connector uses.
     */
    public static TopicSpec connectOffsets(String name) {
        return new TopicSpec(name, 1, true, WORK_RETENTION, null);
    }
}
