package com.autobolt.stack;

import static com.autobolt.stack.StackTestSupport.jobView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.testinfra.tracing.OtlpReceiver;
import com.autobolt.testinfra.tracing.OtlpReceiver.ReceivedSpan;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One job's trace across the whole stack: its services export their spans to the test's OTLP receiver
 * ({@link TestStacks#sharedTraces()}), and the spans of job-api's {@code POST /api/jobs}, the worker's
 * dispatch and submissions and the projector's writes share one trace id, each the child of the one
 * before. Runs on the shared stack ({@link TestStacks#shared()}) and only adds a job of its own.
 */
@Order(TestStacks.SHARED_STACK_ORDER)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TracingIT {

    private LocalStack stack;
    private OtlpReceiver traces;
    private ApiClient staff;

    @BeforeAll
    void startTheStack() {
        stack = TestStacks.shared();
        traces = TestStacks.sharedTraces();
        staff = new ApiClient(stack.apiBaseUrl(), stack.keys().staff());
    }

    @Test
    void shouldFollowAJobInOneTraceFromItsCreationThroughItsSubmissionsToItsProgress() {
        // Ordinary directories that neither hang nor wait a minimum interval (as HostileSitesIT picks them).
        List<String> directoryIds = IntStream.rangeClosed(1, 60)
                .filter(i -> i % 20 != 0)
                .mapToObj(i -> String.format("demo-%03d", i))
                .limit(50)
                .toList();
        String job = StackTestSupport.createJob(staff, "Traced Bakery", "restaurants", "starter", directoryIds);
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> jobView(staff, job).terminal());

        // Exported in batches (every 5 s by default): wait for the last of the job's spans.
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    List<ReceivedSpan> writes = traces.spans().stream()
                            .filter(span -> span.name().equals("autobolt.project")
                                    && job.equals(span.attributes().get("autobolt.job.id")))
                            .toList();
                    assertThat(writes)
                            .as("the projector's writes of job %s", job)
                            .isNotEmpty();
                    String traceId = writes.get(0).traceId();
                    assertThat(writes)
                            .allSatisfy(write -> assertThat(write.traceId()).isEqualTo(traceId));
                    List<ReceivedSpan> trace = traces.trace(traceId);

                    ReceivedSpan post = only(trace, "job-api", "http post /api/jobs");
                    // With Spring Security, a "secured request" span within the request's is current in the controller.
                    Set<String> request = trace.stream()
                            .filter(span -> span.service().equals("job-api")
                                    && span.parentSpanId().equals(post.spanId()))
                            .map(ReceivedSpan::spanId)
                            .collect(Collectors.toCollection(HashSet::new));
                    request.add(post.spanId());
                    ReceivedSpan dispatch = only(trace, "job-worker", "autobolt.dispatch");
                    assertThat(request).contains(dispatch.parentSpanId());
                    List<ReceivedSpan> submissions = trace.stream()
                            .filter(span -> span.name().equals("autobolt.submit"))
                            .toList();
                    assertThat(submissions)
                            .extracting(span -> span.attributes().get("autobolt.directory.id"))
                            .containsAll(directoryIds);
                    assertThat(submissions).allSatisfy(submission -> {
                        assertThat(submission.service()).isEqualTo("job-worker");
                        assertThat(submission.parentSpanId()).isEqualTo(dispatch.spanId());
                    });
                    Set<String> resultParents = submissions.stream()
                            .map(ReceivedSpan::spanId)
                            .collect(Collectors.toCollection(HashSet::new));
                    resultParents.add(dispatch.spanId()); // the pending results
                    assertThat(writes).allSatisfy(write -> {
                        assertThat(write.service()).isEqualTo("progress-projector");
                        assertThat(resultParents).contains(write.parentSpanId());
                    });
                    assertThat(writes)
                            .anySatisfy(write -> assertThat(submissions)
                                    .extracting(ReceivedSpan::spanId)
                                    .contains(write.parentSpanId()));
                });
    }

    private static ReceivedSpan only(List<ReceivedSpan> trace, String service, String name) {
        List<ReceivedSpan> spans = trace.stream()
                .filter(span -> span.service().equals(service) && span.name().equals(name))
                .toList();
        assertThat(spans).as("%s's %s spans in %s", service, name, trace).hasSize(1);
        return spans.get(0);
    }
}
