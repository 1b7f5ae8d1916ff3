package com.autobolt.worker.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.autobolt.kafka.KafkaSettings;
import com.autobolt.kafka.observability.RecordTracing;
import com.autobolt.kafka.observability.TraceParent;
import com.autobolt.testinfra.tracing.InMemoryTracing;
import com.autobolt.worker.breakers.BreakerTransitions;
import com.autobolt.worker.config.Backoff;
import com.autobolt.worker.config.KafkaClients;
import com.autobolt.worker.config.WorkerProperties;
import com.autobolt.worker.metrics.WorkerMetrics;
import com.autobolt.worker.submit.DirectorySubmitter;
import com.autobolt.worker.submit.SubmissionOutcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the executor leaves behind about a task: its log context (JSON fields) and its trace. */
class TaskTraceAndLogContextTest {

    private static final TopicPartition PARTITION = new TopicPartition("tasks", 0);
    private static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final InMemoryTracing memory = new InMemoryTracing();
    private final OffsetTracker tracker = new OffsetTracker(Duration.ofMinutes(1));
    private final Queue<Claim> claims = new ConcurrentLinkedQueue<>();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable each : closing) {
            each.close();
        }
        memory.close();
    }

    @Test
    void shouldLogATaskAsJsonWithItsJobDirectoryAttemptAndWorker() throws Exception {
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(DirectoryLanes.class);
        captured.start();
        logger.addAppender(captured);
        closing.add(() -> logger.detachAppender(captured));
        DirectoryLanes lanes = lanes(
                spec -> {
                    throw new IllegalStateException("a bug");
                },
                RecordTracing.off());
        Task task = TestTasks.task(PARTITION, 0, "dir-json", 4, 0);

        run(lanes, task);

        await().atMost(Duration.ofSeconds(10)).until(() -> !captured.list.isEmpty());
        JsonNode line = JsonMapper.builder().build().readTree(json(captured.list.get(0)));
        assertThat(line.get("message").asString()).contains("failed unexpectedly");
        assertThat(line.get("jobId").asString()).isEqualTo(task.event.jobId().toString());
        assertThat(line.get("directoryId").asString()).isEqualTo("dir-json");
        assertThat(line.get("attempt").asString()).isEqualTo("1");
        assertThat(line.get("workerId").asString()).isEqualTo("worker-7");
    }

    @Test
    void shouldClearTheLogContextOnTheThreadThatOpenedIt() {
        MDC.put("unrelated", "kept");
        Task task = TestTasks.task(PARTITION, 0, "dir-mdc", 4, 0);

        try (TaskLogContext context = TaskLogContext.open(task, "worker-7")) {
            assertThat(MDC.get(TaskLogContext.JOB_ID))
                    .isEqualTo(task.event.jobId().toString());
        }

        assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("unrelated", "kept"));
        MDC.remove("unrelated");
    }

    @Test
    void shouldContinueTheClaimsTraceInASpanPerTryAndPutItOnTheResults() {
        RecordTracing tracing = RecordTracing.on(memory.tracer(), memory.propagator());
        Map<String, String> logContext = new java.util.concurrent.ConcurrentHashMap<>();
        DirectoryLanes lanes = lanes(
                spec -> {
                    logContext.putAll(MDC.getCopyOfContextMap());
                    return new SubmissionOutcome.Submitted(201, null, null);
                },
                tracing);
        RecordHeaders headers = new RecordHeaders();
        headers.add(TraceParent.HEADER, PARENT.getBytes(StandardCharsets.US_ASCII));
        Task task = TestTasks.withHeaders(TestTasks.task(PARTITION, 0, "dir-traced", 4, 0), headers);

        ProducerRecord<String, byte[]> result = run(lanes, task);

        SpanData span = memory.finishedSpans().get(0);
        assertThat(span.getName()).isEqualTo(TaskRunner.SPAN);
        assertThat(span.getTraceId()).isEqualTo(TraceParent.traceId(PARENT));
        assertThat(span.getParentSpanId()).isEqualTo(TraceParent.spanId(PARENT));
        assertThat(span.getAttributes().get(AttributeKey.stringKey(TaskRunner.DIRECTORY_ATTRIBUTE)))
                .isEqualTo("dir-traced");
        assertThat(span.getAttributes().get(AttributeKey.stringKey(TaskRunner.OUTCOME_ATTRIBUTE)))
                .isEqualTo("submitted");
        String expected = "00-" + span.getTraceId() + "-" + span.getSpanId() + "-01";
        assertThat(RecordTracing.traceParentOf(result.headers())).isEqualTo(expected);
        assertThat(RecordTracing.traceParentOf(claims.peek().event().get().headers()))
                .isEqualTo(expected);
        // What the site's submission logs is in the task's context.
        assertThat(logContext).containsEntry(TaskLogContext.DIRECTORY_ID, "dir-traced");
    }

    @Test
    void shouldStartANewTraceForAMalformedTraceparentAndStillReportTheResult() {
        RecordTracing tracing = RecordTracing.on(memory.tracer(), memory.propagator());
        DirectoryLanes lanes = lanes(spec -> new SubmissionOutcome.Submitted(201, null, null), tracing);
        RecordHeaders headers = new RecordHeaders();
        headers.add(TraceParent.HEADER, (PARENT + "0").getBytes(StandardCharsets.US_ASCII));
        Task task = TestTasks.withHeaders(TestTasks.task(PARTITION, 0, "dir-malformed", 4, 0), headers);

        ProducerRecord<String, byte[]> result = run(lanes, task);

        SpanData span = memory.finishedSpans().get(0);
        assertThat(span.getTraceId()).isNotEqualTo(TraceParent.traceId(PARENT));
        assertThat(span.getParentSpanContext().isValid()).isFalse();
        assertThat(new String(result.value(), StandardCharsets.UTF_8)).contains("\"status\":\"submitted\"");
        assertThat(RecordTracing.traceParentOf(result.headers())).contains(span.getTraceId());
    }

    @Test
    void shouldAddNoHeaderWhenTracingIsOff() {
        DirectoryLanes lanes = lanes(spec -> new SubmissionOutcome.Submitted(201, null, null), RecordTracing.off());
        RecordHeaders headers = new RecordHeaders();
        headers.add(TraceParent.HEADER, PARENT.getBytes(StandardCharsets.US_ASCII));
        Task task = TestTasks.withHeaders(TestTasks.task(PARTITION, 0, "dir-off", 4, 0), headers);

        ProducerRecord<String, byte[]> result = run(lanes, task);

        assertThat(result.headers().toArray()).isEmpty();
        assertThat(claims.peek().event().get().headers().toArray()).isEmpty();
    }

    private DirectoryLanes lanes(DirectorySubmitter submitter, RecordTracing tracing) {
        WorkerMetrics metrics = new WorkerMetrics(new SimpleMeterRegistry(), 10);
        CancelledJobs cancellations = new CancelledJobs(
                new KafkaClients(
                        KafkaSettings.plaintext("localhost:1"),
                        new WorkerProperties.Kafka(
                                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(3))),
                "jobs",
                Duration.ofDays(1),
                Clock.systemUTC());
        TaskRunner runner = new TaskRunner(
                submitter,
                directoryId -> Optional.empty(),
                cancellations,
                tracker,
                claims,
                "results",
                "worker-7",
                1,
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(10)),
                5,
                Duration.ofSeconds(1),
                Clock.systemUTC(),
                metrics,
                tracing,
                BreakerTransitions.NONE);
        DirectoryLanes lanes = new DirectoryLanes(runner, 1, 1000, metrics, () -> true);
        closing.add(lanes);
        return lanes;
    }

    /** Runs the task to its result event. */
    private ProducerRecord<String, byte[]> run(DirectoryLanes lanes, Task task) {
        tracker.add(task);
        lanes.enqueue(task);
        List<ProducerRecord<String, byte[]>> outputs = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            outputs.addAll(tracker.drainCommittable(System.nanoTime(), Set.of()).outputs());
            return !outputs.isEmpty();
        });
        return outputs.get(0);
    }

    /** The line Spring Boot writes for the event with AUTOBOLT_LOG_FORMAT=json (the logstash format). */
    private static String json(ILoggingEvent event) {
        LoggerContext context = new LoggerContext();
        context.putObject(Environment.class.getName(), new StandardEnvironment());
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setContext(context);
        encoder.setFormat("logstash");
        encoder.start();
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }
}
