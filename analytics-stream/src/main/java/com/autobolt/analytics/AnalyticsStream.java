package com.autobolt.analytics;

import com.autobolt.kafka.AutoBoltTopics;
import com.autobolt.kafka.KafkaSettings;
import com.autobolt.kafka.TopicProvisioner;
import com.autobolt.kafka.TopicSpec;
import com.autobolt.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndFailExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analytics stream of one process: provisions the topics it reads and writes, checks that results and jobs
 * are partitioned alike, then runs the {@link AnalyticsTopology} with exactly-once processing. Every instance
 * of the fleet shares one application id, so Kafka spreads the partitions over them as it does a consumer
 * group's. It never stays stopped: {@link StreamRecovery} says how it gets over a failure.
 */
public final class AnalyticsStream implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsStream.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final KafkaSettings kafka;
    private final AnalyticsSettings settings;
    private final TopicProvisioner provisioner;
    private final MeterRegistry registry;
    private final StreamRecovery recovery = new StreamRecovery();
    private final ScheduledExecutorService restarter = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "analytics-stream-restart");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger restarts = new AtomicInteger();
    private volatile KafkaStreams streams;
    private volatile String refusal;
    private KafkaStreamsMetrics metrics;
    private Path stateDir;
    private boolean closed;

    public AnalyticsStream(
            KafkaSettings kafka, AnalyticsSettings settings, TopicProvisioner provisioner, MeterRegistry registry) {
        this.kafka = kafka;
        this.settings = settings;
        this.provisioner = provisioner;
        this.registry = registry;
    }

    /** Every topic the stream reads or writes, as {@link AutoBoltTopics} declares it. */
    public static List<TopicSpec> topics(AnalyticsSettings settings, KafkaSettings kafka) {
        return List.of(
                AutoBoltTopics.work(settings.resultsTopic(), kafka.topics()),
                AutoBoltTopics.work(settings.jobsTopic(), kafka.topics()),
                AutoBoltTopics.catalog(settings.directoriesTopic()),
                AutoBoltTopics.analytics(settings.outcomesTopic(), kafka.topics()),
                AutoBoltTopics.analytics(settings.jobSummariesTopic(), kafka.topics()),
                AutoBoltTopics.deadLetterOf(settings.resultsTopic()),
                AutoBoltTopics.deadLetterOf(settings.jobsTopic()));
    }

    public synchronized void start() throws InterruptedException {
        provisioner.ensureWithin(topics(settings, kafka), TopicProvisioner.START_WAIT);
        refusal = partitioningProblem();
        if (refusal != null) {
            log.error("analytics stream not started: {}", refusal);
            return;
        }
        if (stateDir == null) {
            stateDir = settings.temporaryStateDir() ? createTemporaryStateDir() : settings.stateDir();
        }
        KafkaStreams started = new KafkaStreams(AnalyticsTopology.build(settings), properties());
        started.setUncaughtExceptionHandler(failure -> {
            StreamThreadExceptionResponse response = recovery.onThreadFailure(failure, Instant.now());
            if (response == StreamThreadExceptionResponse.REPLACE_THREAD) {
                log.warn("analytics stream thread failed on the brokers' trouble, replaced by a new one", failure);
            } else {
                log.error("analytics stream failed: stopping it", failure);
            }
            return response;
        });
        started.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.ERROR) {
                scheduleRestart(started);
            }
        });
        if (registry != null) {
            // The same tag keys as the projector's consumer meters (spring_id): Prometheus refuses a meter name
            // registered twice with different tag keys, which would silently drop the stream's consumer metrics.
            metrics = new KafkaStreamsMetrics(started, Tags.of("spring_id", "analytics-stream"));
            metrics.bindTo(registry);
        }
        streams = started;
        started.start();
        log.info("analytics stream {} started", settings.applicationId());
    }

    /** Starts the stream again, as a whole, some time after {@code stopped} stopped on an error. */
    private void scheduleRestart(KafkaStreams stopped) {
        Duration delay = recovery.nextRestartDelay(Instant.now());
        log.error("analytics stream stopped on an error: starting it again in {} s", delay.toSeconds());
        try {
            restarter.schedule(() -> restart(stopped), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            log.info("analytics stream not started again: the process is stopping");
        }
    }

    private synchronized void restart(KafkaStreams stopped) {
        if (closed || streams != stopped) {
            return;
        }
        stopCurrent();
        restarts.incrementAndGet();
        try {
            start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The brokers are still away (the topics could not be checked): the same again, later.
            log.error("analytics stream could not start again: {}", e.toString());
            stopCurrent();
            streams = stopped;
            scheduleRestart(stopped);
        }
    }

    /** How many times the stream was started again after stopping on an error. */
    public int restarts() {
        return restarts.get();
    }

    /** The Kafka Streams state, or null when it was not started. */
    public KafkaStreams.State state() {
        KafkaStreams current = streams;
        return current == null ? null : current.state();
    }

    /** Why the stream refused to start, or null. */
    public String refusal() {
        return refusal;
    }

    Properties properties() {
        Properties properties = new Properties();
        properties.putAll(kafka.clientProperties());
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        // Under exactly-once every commit is a Kafka transaction (its offsets, its markers on every partition
        // written): at Kafka Streams' 100 ms, ten a second for each projector while results flow. Analytics
        // subscribers read committed outcomes and summaries, not live progress (that is the live stream's), so
        // they may appear up to a second after their result instead.
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        // How long a poll of its threads (the stream's, the global tables') waits when nothing comes; a record
        // ends it at once. At the default 100 ms both loops turned ten times a second in an idle projector
        // (issue 16, local-stack README); half the commit interval delays a due commit by at most that.
        properties.put(StreamsConfig.POLL_MS_CONFIG, 500);
        // Internal topics (the stores' changelogs) are created by Streams itself, never by the broker, with the
        // same replication and min ISR as every AutoBolt topic.
        properties.put(
                StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) kafka.topics().replicationFactor());
        properties.put(
                StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
                Integer.toString(kafka.topics().minInsyncReplicas()));
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        properties.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        // Values are read as bytes and parsed by the processors, which dead-letter what they cannot read; a key
        // that a String deserializer cannot read does not exist, so this handler only ever sees a broken client.
        properties.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndFailExceptionHandler.class);
        return properties;
    }

    /**
     * Partition N of the results and of the jobs topic must hold the same jobs, or a result's task never sees its
     * job. Both are created with {@code autobolt.kafka.topics.partitions} and keyed by job id with Kafka's
     * default partitioner; an operator who adds partitions to one must add as many to the other.
     */
    private String partitioningProblem() throws InterruptedException {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            Map<String, TopicDescription> topics = admin.describeTopics(
                            List.of(settings.resultsTopic(), settings.jobsTopic()))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            int results = topics.get(settings.resultsTopic()).partitions().size();
            int jobs = topics.get(settings.jobsTopic()).partitions().size();
            return results == jobs
                    ? null
                    : settings.resultsTopic() + " has " + results + " partitions but " + settings.jobsTopic() + " has "
                            + jobs + ": they must be equal (both keyed by job id); add partitions to the smaller";
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(
                    "could not describe " + settings.resultsTopic() + " and " + settings.jobsTopic() + ": "
                            + e.getMessage(),
                    e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        restarter.shutdownNow();
        stopCurrent();
        if (stateDir != null && settings.temporaryStateDir()) {
            deleteQuietly(stateDir);
        }
    }

    private void stopCurrent() {
        KafkaStreams current = streams;
        if (current != null) {
            current.close(CLOSE_WAIT);
        }
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
    }

    private static Path createTemporaryStateDir() {
        try {
            return Files.createTempDirectory("autobolt-analytics");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the analytics stream's state directory", e);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.warn("could not delete the analytics stream's state directory {}: {}", directory, e.getMessage());
        }
    }

    /** The name of the dead-letter topic of each input: what operators watch. */
    public List<String> deadLetterTopics() {
        return List.of(Topics.deadLetterOf(settings.resultsTopic()), Topics.deadLetterOf(settings.jobsTopic()));
    }
}
