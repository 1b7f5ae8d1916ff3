package com.autobolt.projector.progress;

import static com.autobolt.projector.progress.Results.ended;
import static com.autobolt.projector.progress.Results.pending;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.ResultStatus;
import com.autobolt.testinfra.tracing.OtlpReceiver;
import com.autobolt.testinfra.tracing.OtlpReceiver.ReceivedSpan;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With tracing on, the projector writes each job's results in a span of the trace its result events carry. */
class ProjectorTracingIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SUBMISSION_SPAN = "00f067aa0ba902b7";

    private static OtlpReceiver receiver;
    private static ProjectorHarness harness;

    @BeforeAll
    static void startProjector() {
        receiver = OtlpReceiver.start();
        harness = new ProjectorHarness();
        harness.startProjector(
                "--autobolt.tracing.otlp.endpoint=" + receiver.tracesUrl(),
                "--management.opentelemetry.tracing.export.schedule-delay=100ms");
    }

    @AfterAll
    static void stop() {
        harness.close();
        receiver.close();
    }

    @Test
    void shouldProjectAJobsResultsInASpanOfTheTraceTheyCarry() {
        UUID job = harness.fixtures.aPendingJob(1);
        harness.publish(pending(job, "dir-0", 1, 1), null);
        harness.publish(
                ended(job, "dir-0", 1, ResultStatus.SUBMITTED, 2, "worker-1"),
                "00-" + TRACE_ID + "-" + SUBMISSION_SPAN + "-01");

        await().atMost(WAIT).until(() -> harness.fixtures.job(job).status().equals("complete"));

        await().atMost(WAIT).until(() -> !receiver.trace(TRACE_ID).isEmpty());
        ReceivedSpan write = receiver.trace(TRACE_ID).get(0);
        assertThat(write.service()).isEqualTo("progress-projector");
        assertThat(write.name()).isEqualTo(ProjectionSpans.SPAN);
        assertThat(write.parentSpanId()).isEqualTo(SUBMISSION_SPAN);
        assertThat(write.attributes()).containsEntry(ProjectionSpans.JOB_ATTRIBUTE, job.toString());
    }

    @Test
    void shouldProjectAResultWhoseTraceparentIsMalformedInATraceOfItsOwn() {
        UUID job = harness.fixtures.aPendingJob(1);
        harness.publish(pending(job, "dir-0", 1, 1), null);
        DirectoryResultReported ended = ended(job, "dir-0", 1, ResultStatus.SUBMITTED, 2, "worker-1");
        harness.publish(ended, "00-" + TRACE_ID + "-" + SUBMISSION_SPAN + "-01" + "0".repeat(10_000));

        await().atMost(WAIT).until(() -> harness.fixtures.job(job).status().equals("complete"));

        await().atMost(WAIT)
                .until(() -> receiver.spans().stream()
                        .anyMatch(
                                span -> job.toString().equals(span.attributes().get(ProjectionSpans.JOB_ATTRIBUTE))));
        List<ReceivedSpan> writes = receiver.spans().stream()
                .filter(span -> job.toString().equals(span.attributes().get(ProjectionSpans.JOB_ATTRIBUTE)))
                .toList();
        assertThat(writes).allSatisfy(span -> {
            assertThat(span.traceId()).isNotEqualTo(TRACE_ID);
            assertThat(span.parentSpanId()).isIn("", "0000000000000000");
        });
        assertThat(harness.deadLetters(0, Duration.ofSeconds(1)))
                .noneMatch(record -> job.toString().equals(record.key()));
    }
}
