package com.autobolt.schemas;

/**
 * Kafka topic names. Every event AutoBolt publishes goes to one of these; each topic's message
 * key is given here and built with {@link MessageKeys}.
 */
public final class Topics {

    /** Change events of the {@code jobs} table ({@link JobChanged}), keyed by job id. */
    public static final String JOBS = "autobolt.public.jobs";

    /** Change events of the {@code directories} table ({@link DirectoryChanged}), keyed by directory id. */
    public static final String DIRECTORIES = "autobolt.public.directories";

    /** Claim events ({@link DirectoryTaskDispatched}) for jobs of priority 3 to 5, keyed by directory id. */
    public static final String DIRECTORY_TASKS = "autobolt.directory-tasks";

    /**
     * Claim events for jobs of priority 1 and 2, keyed by directory id. Executors drain this topic
     * before {@link #DIRECTORY_TASKS}.
     */
    public static final String DIRECTORY_TASKS_PRIORITY = "autobolt.directory-tasks.priority";

    /**
     * Claim events of directories whose execution mode is {@link ExecutionMode#EXTERNAL}, keyed by directory
     * id: read by job-api's lease service, which hands them to HTTP workers; never by the executors.
     */
    public static final String DIRECTORY_TASKS_EXTERNAL = "autobolt.directory-tasks.external";

    /** Result events ({@link DirectoryResultReported}), keyed by job id. */
    public static final String DIRECTORY_RESULTS = "autobolt.directory-results";

    /**
     * Workers' circuit breakers per directory ({@link DirectoryBreakerChanged}), compacted, keyed
     * {@link MessageKeys#breaker}: the last state each worker published for each directory.
     */
    public static final String DIRECTORY_BREAKERS = "autobolt.directory-breakers";

    /**
     * PII-free directory outcomes ({@link DirectoryOutcomeRecorded}) for analytics, compacted, keyed
     * {@link MessageKeys#outcome}: the last outcome of every directory of every job.
     */
    public static final String ANALYTICS_DIRECTORY_OUTCOMES = "autobolt.analytics.directory-outcomes";

    /** PII-free job states ({@link JobSummaryChanged}) for analytics, compacted, keyed by job id. */
    public static final String ANALYTICS_JOBS = "autobolt.analytics.jobs";

    private static final String DEAD_LETTER_SUFFIX = ".dlt";

    private Topics() {}

    /** The dead-letter topic of {@code topic}: where events that cannot be processed go, with the reason. */
    public static String deadLetterOf(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }

    /** The topic a claim event goes to, chosen by the priority of its job. */
    public static String directoryTasksFor(int priority) {
        return Priority.isHigh(priority) ? DIRECTORY_TASKS_PRIORITY : DIRECTORY_TASKS;
    }
}
