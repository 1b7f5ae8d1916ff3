package com.autobolt.api.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.api.support.Api;
import com.autobolt.api.support.TestKeys;
import com.autobolt.kafka.observability.RecordTracing;
import com.autobolt.kafka.observability.TraceParent;
import com.autobolt.testinfra.tracing.OtlpReceiver;
import com.autobolt.testinfra.tracing.OtlpReceiver.ReceivedSpan;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With tracing on, a job's trace starts at {@code POST /api/jobs}: the request's span context is
 * kept with the job, and the change stream puts it on the job's change events as {@code traceparent}.
 */
class JobTraceIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void shouldPutTheCreatingRequestsTraceOnTheJobsChangeEvents() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start();
                CdcTestSupport world = new CdcTestSupport();
                ChangeTopicsReader topics = world.reader()) {
            ConfigurableApplicationContext instance = world.startInstance(
                    WebApplicationType.SERVLET,
                    "autobolt.security.api-keys=admin:" + TestKeys.ADMIN + ",staff:" + TestKeys.STAFF,
                    "autobolt.tracing.otlp.endpoint=" + receiver.tracesUrl(),
                    "management.opentelemetry.tracing.export.schedule-delay=100ms");
            Api api = new Api(Integer.parseInt(instance.getEnvironment().getProperty("local.server.port")));
            for (int i = 0; i < 50; i++) {
                world.insertDirectory("traced-" + i);
            }
            world.awaitStreamingChanges(topics);
            UUID customer = created(api.post(
                    "/api/customers",
                    TestKeys.STAFF,
                    Map.of(
                            "businessName", "Harbor Bakery",
                            "email", "owner-" + UUID.randomUUID() + "@harborbakery.example",
                            "packageType", "starter")));

            UUID job = created(
                    api.post("/api/jobs", TestKeys.STAFF, Map.of("customerId", customer, "packageType", "starter")));

            ConsumerRecord<String, byte[]> change = await().atMost(WAIT)
                    .until(() -> jobRecords(topics, job), records -> !records.isEmpty())
                    .get(0);
            String traceParent = RecordTracing.traceParentOf(change.headers());
            assertThat(traceParent).isNotNull();
            // The request's span (Spring's HTTP server observation), or a span within it: with Spring Security,
            // its "secured request" span is the one current while the controller runs.
            String traceId = TraceParent.traceId(traceParent);
            // Spans arrive in export batches: the request's may come after the event.
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                List<ReceivedSpan> trace = receiver.trace(traceId);
                ReceivedSpan post = trace.stream()
                        .filter(span -> span.name().equals("http post /api/jobs"))
                        .findFirst()
                        .orElseThrow();
                ReceivedSpan current = trace.stream()
                        .filter(span -> span.spanId().equals(TraceParent.spanId(traceParent)))
                        .findFirst()
                        .orElseThrow();
                assertThat(post.service()).isEqualTo("job-api");
                assertThat(List.of(current.spanId(), current.parentSpanId())).contains(post.spanId());
            });
            assertThat(world.queryLong("SELECT count(*) FROM jobs WHERE id = ? AND trace_parent = ?", job, traceParent))
                    .isEqualTo(1);

            // The column is only ever written by job-api, but whatever it holds, a malformed value is left off
            // the event (which is published as any other), never a reason to set the change aside.
            world.execute("UPDATE jobs SET trace_parent = 'not-a-traceparent', priority = 2 WHERE id = ?", job);
            await().atMost(WAIT).until(() -> jobRecords(topics, job).size() >= 2);
            assertThat(RecordTracing.traceParentOf(
                            jobRecords(topics, job).get(1).headers()))
                    .isNull();
            assertThat(jobRecords(topics, job).get(1).headers().lastHeader(TraceParent.HEADER))
                    .isNull();
            assertThat(topics.deadLetters(job.toString())).isEmpty();
        }
    }

    private static List<ConsumerRecord<String, byte[]>> jobRecords(ChangeTopicsReader topics, UUID job) {
        return topics.poll().stream()
                .filter(record ->
                        !record.topic().endsWith(".dlt") && job.toString().equals(record.key()))
                .filter(record -> record.topic().contains("jobs"))
                .toList();
    }

    private static UUID created(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return UUID.fromString(response.json().path("id").asString());
    }
}
