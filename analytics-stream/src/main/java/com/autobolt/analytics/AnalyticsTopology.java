package com.autobolt.analytics;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The analytics stream's processors, sources and sinks.
 *
 * <p>Results and job changes are read by one sub-topology, both keyed by job id, so partition N of the
 * results topic and partition N of the jobs topic are processed by the same task, which holds the facts of
 * those jobs (package, creation time) in its {@code job-facts} store. A result of a job the task does not know
 * yet (the jobs table can lag behind the results: the two topics are read independently) is not dropped, as a
 * stream-table join would drop it: it waits in {@code waiting-results}, in arrival order, until the job's next
 * change arrives, which then releases it. The directory catalog is a global store (every instance holds all of
 * it: it is small), so a result needs no repartitioning to find its directory's category.
 *
 * <p>Values are read as bytes and parsed by the processors, so a record that is not a valid event is
 * dead-lettered to its topic's {@code .dlt} with the reason, and the next record flows.
 */
public final class AnalyticsTopology {

    static final String JOB_FACTS = "job-facts";
    static final String WAITING_RESULTS = "waiting-results";
    static final String DIRECTORY_CATEGORIES = "directory-categories";
    /** {@code <jobId>/<directoryId>} → the attempt whose outcome was recorded: the first ended result wins. */
    static final String RECORDED_OUTCOMES = "recorded-outcomes";

    static final String OUTCOMES_SINK = "outcomes";
    static final String JOB_SUMMARIES_SINK = "job-summaries";
    static final String RESULTS_DEAD_LETTERS_SINK = "results-dead-letters";
    static final String JOBS_DEAD_LETTERS_SINK = "jobs-dead-letters";

    private AnalyticsTopology() {}

    public static Topology build(AnalyticsSettings settings) {
        Topology topology = new Topology();
        topology.addSource("results", new StringDeserializer(), new ByteArrayDeserializer(), settings.resultsTopic());
        topology.addSource("jobs", new StringDeserializer(), new ByteArrayDeserializer(), settings.jobsTopic());
        topology.addProcessor("outcome-of-result", () -> new ResultProcessor(settings.resultsTopic()), "results");
        topology.addProcessor("summary-of-job", () -> new JobProcessor(settings.jobsTopic()), "jobs");
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(JOB_FACTS), Serdes.String(), Serdes.ByteArray()),
                "outcome-of-result",
                "summary-of-job");
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(WAITING_RESULTS), Serdes.String(), Serdes.ByteArray()),
                "outcome-of-result",
                "summary-of-job");
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(RECORDED_OUTCOMES), Serdes.String(), Serdes.Integer()),
                "outcome-of-result",
                "summary-of-job");
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(DIRECTORY_CATEGORIES), Serdes.String(), Serdes.String())
                        .withLoggingDisabled(),
                "directories",
                new StringDeserializer(),
                new ByteArrayDeserializer(),
                settings.directoriesTopic(),
                "directory-category",
                DirectoryCategoryProcessor::new);
        topology.addSink(
                OUTCOMES_SINK,
                settings.outcomesTopic(),
                new StringSerializer(),
                new ByteArraySerializer(),
                "outcome-of-result",
                "summary-of-job");
        topology.addSink(
                JOB_SUMMARIES_SINK,
                settings.jobSummariesTopic(),
                new StringSerializer(),
                new ByteArraySerializer(),
                "summary-of-job");
        topology.addSink(
                RESULTS_DEAD_LETTERS_SINK,
                com.autobolt.schemas.Topics.deadLetterOf(settings.resultsTopic()),
                new StringSerializer(),
                new ByteArraySerializer(),
                "outcome-of-result");
        topology.addSink(
                JOBS_DEAD_LETTERS_SINK,
                com.autobolt.schemas.Topics.deadLetterOf(settings.jobsTopic()),
                new StringSerializer(),
                new ByteArraySerializer(),
                "summary-of-job");
        return topology;
    }
}
