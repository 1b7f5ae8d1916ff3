package com.autobolt.projector.progress;

import static com.autobolt.projector.progress.Results.claimed;
import static com.autobolt.projector.progress.Results.ended;
import static com.autobolt.projector.progress.Results.pending;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.autobolt.schemas.ResultStatus;
import com.autobolt.testinfra.metrics.PrometheusText;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The projector's meters (docs/metrics.md) after real work: a job projected from pending to complete
 * and an unreadable record dead-lettered, then {@code /actuator/prometheus} scraped on the management
 * port, every documented meter there and moved.
 */
class ProjectorMetricsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ProjectorHarness harness;
    private static ConfigurableApplicationContext projector;

    @BeforeAll
    static void startProjector() {
        harness = new ProjectorHarness();
        // One consumer for the three partitions: the lag of each is then there from its first fetch, not
        // after the rebalances of three consumers joining one by one (once, under load, the series of one
        // partition was still missing a minute after such a start).
        projector = harness.startProjector("--autobolt.projector.concurrency=1");
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void shouldExposeEveryDocumentedMeterMovedByRealWork() throws Exception {
        UUID job = harness.fixtures.aPendingJob(2);
        harness.publishAll(List.of(
                pending(job, "dir-0", 1, 1),
                pending(job, "dir-1", 1, 1),
                claimed(job, "dir-0", 1, 2, "worker-a"),
                ended(job, "dir-0", 1, ResultStatus.SUBMITTED, 3, "worker-a"),
                ended(job, "dir-1", 1, ResultStatus.FAILED, 4, "worker-a")));
        harness.publishRaw(job.toString(), "not json".getBytes(StandardCharsets.UTF_8));
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(harness.fixtures.job(job).status()).isEqualTo("failed"));
        assertThat(harness.deadLetters(1, WAIT)).hasSize(1);

        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText scrape = PrometheusText.of(ProjectorHarness.management(projector, "/actuator/prometheus"));
            assertThat(scrape.value("autobolt_projector_results_projected_total"))
                    .isEqualTo(5);
            assertThat(scrape.value("autobolt_projector_batch_size_records_count"))
                    .isPositive();
            assertThat(scrape.value("autobolt_projector_batch_size_records_sum"))
                    .isEqualTo(6);
            assertThat(scrape.value("autobolt_projector_batch_duration_seconds_count"))
                    .isPositive();
            assertThat(scrape.value("autobolt_projector_batch_duration_seconds_bucket", "le=\"+Inf\""))
                    .isPositive();
            assertThat(scrape.value(
                            "autobolt_deadletter_records_total",
                            "reason=\"invalid_event\"",
                            "topic=\"" + harness.resultsTopic + "\""))
                    .isEqualTo(1);
            assertThat(scrape.value("autobolt_job_time_to_first_result_seconds_count"))
                    .isEqualTo(1);
            assertThat(scrape.value("autobolt_job_duration_seconds_count", "status=\"failed\""))
                    .isEqualTo(1);
            assertThat(scrape.value("autobolt_job_duration_seconds_bucket", "status=\"failed\"", "le=\"+Inf\""))
                    .isEqualTo(1);
            // Spring Kafka's consumers bind their client metrics: lag per partition of the results topic.
            for (int partition = 0; partition < 3; partition++) {
                assertThat(scrape.samples(
                                "kafka_consumer_fetch_manager_records_lag",
                                "partition=\"" + partition + "\"",
                                "topic=\"" + harness.resultsTopic + "\""))
                        .as(
                                "records lag of partition %d among %s",
                                partition, scrape.samples("kafka_consumer_fetch_manager_records_lag"))
                        .isNotEmpty();
            }
        });
    }

    @Test
    void shouldServeTheActuatorOnTheLoopbackInterfaceOnlyAndTheProbesOnTheServicePort() throws Exception {
        int management = Integer.parseInt(projector.getEnvironment().getProperty("local.management.port"));
        int service = Integer.parseInt(projector.getEnvironment().getProperty("local.server.port"));

        // 127.0.0.2 is loopback too, but not the address the management server is bound to.
        assertThatThrownBy(() -> connect("127.0.0.2", management)).isInstanceOf(ConnectException.class);
        connect("127.0.0.2", service);
        assertThat(status(service, "/readyz")).isEqualTo(200);
        assertThat(status(service, "/livez")).isEqualTo(200);
        assertThat(status(service, "/actuator/prometheus")).isEqualTo(404);
        assertThat(status(service, "/actuator/health")).isEqualTo(404);
        HealthEndpointGroups groups = projector.getBean(HealthEndpointGroups.class);
        for (String member : List.of("readinessState", "db", "kafka", "kafkaTopics", "projection")) {
            assertThat(groups.get("readiness").isMember(member)).as(member).isTrue();
            assertThat(groups.get("liveness").isMember(member)).as(member).isFalse();
        }
    }

    private static int status(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static void connect(String host, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
        }
    }
}
