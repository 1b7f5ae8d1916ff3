package com.autobolt.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.kafka.observability.RecordTracing;
import com.autobolt.kafka.observability.TraceParent;
import com.autobolt.schemas.ChangeOperation;
import com.autobolt.schemas.ChangeSource;
import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.JobChanged;
import com.autobolt.schemas.JobState;
import com.autobolt.schemas.JobStatus;
import com.autobolt.schemas.MessageKeys;
import com.autobolt.testinfra.tracing.OtlpReceiver;
import com.autobolt.testinfra.tracing.OtlpReceiver.ReceivedSpan;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A worker with tracing on (exporting to an OTLP receiver) continues the trace a job change carries:
 * dispatch span, claim events, a span per submission, result events, all in the job's one trace.
 */
class WorkerTracingIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CREATION_SPAN = "00f067aa0ba902b7";
    private static WorkerTestKit kit;
    private static OtlpReceiver receiver;

    @BeforeAll
    static void startWorker() {
        receiver = OtlpReceiver.start();
        kit = new WorkerTestKit();
        kit.startWorker(
                "worker-traced",
                "autobolt.tracing.otlp.endpoint=" + receiver.tracesUrl(),
                "management.opentelemetry.tracing.export.schedule-delay=100ms");
    }

    @AfterAll
    static void stop() {
        kit.close();
        receiver.close();
    }

    @Test
    void shouldCarryTheJobsTraceFromItsChangeThroughDispatchAndSubmissionsToItsResults() {
        List<String> directories = kit.publishDirectories("traced", 3);
        JobState job = publishCreation(directories, "00-" + TRACE_ID + "-" + CREATION_SPAN + "-01");

        await().atMost(WAIT).until(() -> kit.terminalResults(job.id()).size() == 3);

        await().atMost(WAIT).until(() -> receiver.trace(TRACE_ID).size() >= 4);
        List<ReceivedSpan> trace = receiver.trace(TRACE_ID);
        ReceivedSpan dispatch = trace.stream()
                .filter(span -> span.name().equals("autobolt.dispatch"))
                .findFirst()
                .orElseThrow();
        assertThat(dispatch.service()).isEqualTo("job-worker");
        assertThat(dispatch.parentSpanId()).isEqualTo(CREATION_SPAN);
        List<ReceivedSpan> submissions = trace.stream()
                .filter(span -> span.name().equals("autobolt.submit"))
                .toList();
        assertThat(submissions).hasSize(3).allSatisfy(span -> {
            assertThat(span.parentSpanId()).isEqualTo(dispatch.spanId());
            assertThat(span.attributes()).containsEntry("autobolt.outcome", "submitted");
        });
        assertThat(submissions)
                .extracting(span -> span.attributes().get("autobolt.directory.id"))
                .containsExactlyInAnyOrderElementsOf(directories);

        List<ConsumerRecord<String, byte[]>> claims = recordsOf(kit.tasks, job.id(), 3);
        assertThat(claims)
                .hasSize(3)
                .allSatisfy(claim -> assertThat(RecordTracing.traceParentOf(claim.headers()))
                        .isEqualTo("00-" + TRACE_ID + "-" + dispatch.spanId() + "-01"));
        Set<String> submissionSpans =
                submissions.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
        List<ConsumerRecord<String, byte[]>> terminal = recordsOf(kit.results, job.id(), 9).stream()
                .filter(record -> EventJson.read(record.value(), DirectoryResultReported.class)
                        .status()
                        .isTerminal())
                .toList();
        assertThat(terminal).hasSize(3).allSatisfy(result -> {
            String traceParent = RecordTracing.traceParentOf(result.headers());
            assertThat(TraceParent.traceId(traceParent)).isEqualTo(TRACE_ID);
            assertThat(submissionSpans).contains(TraceParent.spanId(traceParent));
        });
    }

    @Test
    void shouldDispatchAndSubmitAJobWhoseTraceparentIsMalformedInATraceOfItsOwn() {
        List<String> directories = kit.publishDirectories("untraced", 1);
        String malformed = "00-" + TRACE_ID + "-" + CREATION_SPAN + "-01" + "x".repeat(5000);
        JobState job = publishCreation(directories, malformed);

        await().atMost(WAIT).until(() -> kit.terminalResults(job.id()).size() == 1);

        ConsumerRecord<String, byte[]> claim = recordsOf(kit.tasks, job.id(), 1).get(0);
        String traceParent = RecordTracing.traceParentOf(claim.headers());
        assertThat(traceParent).isNotNull();
        assertThat(TraceParent.traceId(traceParent)).isNotEqualTo(TRACE_ID);
    }

    private static JobState publishCreation(List<String> directories, String traceParent) {
        JobState job = WorkerTestKit.job(UUID.randomUUID(), JobStatus.PENDING, 1, 3, directories, directories);
        JobChanged change = new JobChanged(
                JobChanged.SCHEMA_VERSION,
                ChangeOperation.CREATED,
                job.id(),
                null,
                job,
                new ChangeSource(1, 2, Instant.now()));
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(kit.jobs, MessageKeys.job(job.id()), EventJson.write(change));
        record.headers().add(TraceParent.HEADER, traceParent.getBytes(StandardCharsets.US_ASCII));
        kit.send(record);
        return job;
    }

    /** The records of one job on a topic (claims are keyed by directory: matched by their task id). */
    private static List<ConsumerRecord<String, byte[]>> recordsOf(String topic, UUID jobId, int atLeast) {
        return kit.readAll(
                topic,
                record -> new String(record.value(), StandardCharsets.UTF_8).contains(jobId.toString()),
                atLeast);
    }
}
