package com.autobolt.worker.metrics;

import com.autobolt.kafka.KafkaClientMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * The worker's own meters (docs/metrics.md). Directory tags are bounded: the first {@code
 * maxDirectoryTags} directories seen get their id as tag, every later one {@link #OTHER}, so an
 * unexpectedly large catalog costs one more series, not one per directory.
 */
public final class WorkerMetrics {

    /** The directory tag of every directory beyond the bound. */
    public static final String OTHER = "other";

    // A submission's latency: from a quick answer to the request timeout (10 s by default) and beyond.
    private static final Duration[] SUBMISSION_BUCKETS = {
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30)
    };

    private final MeterRegistry registry;
    private final int maxDirectoryTags;
    private final Set<String> taggedDirectories = ConcurrentHashMap.newKeySet();
    // Name and tag of each directory gauge registered, so that one is registered only once.
    private final Set<String> registeredGauges = ConcurrentHashMap.newKeySet();

    public WorkerMetrics(MeterRegistry registry, int maxDirectoryTags) {
        if (maxDirectoryTags < 1) {
            throw new IllegalArgumentException("maxDirectoryTags must be >= 1, not " + maxDirectoryTags);
        }
        this.registry = registry;
        this.maxDirectoryTags = maxDirectoryTags;
    }

    /** The directory's tag: its id while fewer than the bound have one, else {@link #OTHER}. */
    public String directoryTag(String directoryId) {
        if (taggedDirectories.contains(directoryId)) {
            return directoryId;
        }
        synchronized (taggedDirectories) {
            if (taggedDirectories.size() < maxDirectoryTags && !OTHER.equals(directoryId)) {
                taggedDirectories.add(directoryId);
                return directoryId;
            }
        }
        return taggedDirectories.contains(directoryId) ? directoryId : OTHER;
    }

    /** A task's first try begins here (its {@code claimed} event is sent). */
    public void taskClaimed(String directoryId) {
        Counter.builder("autobolt.worker.tasks.claimed")
                .description("Tasks whose first try began on this worker")
                .tag("directory", directoryTag(directoryId))
                .register(registry)
                .increment();
    }

    /**
     * A task ended here with a terminal result.
     *
     * @param outcome {@code submitted}, {@code failed} or {@code skipped}
     * @param errorCode the result's error code, or null
     */
    public void taskFinished(String directoryId, String outcome, String errorCode) {
        Counter.builder("autobolt.worker.tasks.finished")
                .description("Tasks that ended on this worker, by outcome and error code kind")
                .tags("directory", directoryTag(directoryId), "outcome", outcome, "code", ErrorCodeKinds.of(errorCode))
                .register(registry)
                .increment();
    }

    /** One submission try, from the request to the site's answer (or its absence). */
    public void submissionTook(String directoryId, long nanos) {
        Timer.builder("autobolt.worker.submission.duration")
                .description("How long one submission try to a directory site took")
                .tag("directory", directoryTag(directoryId))
                .serviceLevelObjectives(SUBMISSION_BUCKETS)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * A record set aside to its dead-letter topic.
     *
     * @param sourceTopic the topic it was read from
     * @param reason a kind of reason from a fixed vocabulary, never the free text
     */
    public void deadLettered(String sourceTopic, String reason) {
        Counter.builder("autobolt.deadletter.records")
                .description("Records set aside to their dead-letter topic, by source topic and reason kind")
                .tags("topic", sourceTopic, "reason", reason)
                .register(registry)
                .increment();
    }

    /**
     * A gauge per directory tag, registered the first time the directory is seen: {@code valueOfTag}
     * gets the tag and answers for every directory that has it ({@link #OTHER}: all beyond the bound);
     * {@code baseUnit} may be null.
     */
    public void directoryGauge(
            String name, String description, String baseUnit, String directoryId, ToDoubleFunction<String> valueOfTag) {
        String tag = directoryTag(directoryId);
        if (!registeredGauges.add(name + " " + tag)) {
            return;
        }
        Gauge.builder(name, () -> valueOfTag.applyAsDouble(tag))
                .description(description)
                .baseUnit(baseUnit)
                .tag("directory", tag)
                .register(registry);
    }

    /**
     * The consumer's own client metrics (records lag per partition among them), tagged with its group,
     * until the returned handle is closed, which must happen when the consumer closes.
     */
    public KafkaClientMeters bindConsumer(Consumer<?, ?> consumer, String groupId) {
        return KafkaClientMeters.bind(consumer, Tags.of("group", groupId), registry);
    }
}
