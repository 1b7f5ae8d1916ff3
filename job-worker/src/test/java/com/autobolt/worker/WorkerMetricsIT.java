package com.autobolt.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.autobolt.sandbox.SiteBehaviour;
import com.autobolt.schemas.JobState;
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
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The worker's meters (docs/metrics.md) after real work through the sandbox: submitted, rejected,
 * skipped, exhausted and rate-limited directories, unreadable records on the jobs and task topics;
 * then {@code /actuator/prometheus} scraped on the management port, every documented meter there and
 * moved, the directory tag bounded.
 */
class WorkerMetricsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern DIRECTORY_TAG = Pattern.compile("directory=\"([^\"]*)\"");
    private static final int MAX_DIRECTORY_TAGS = 3;

    private static WorkerTestKit kit;
    private static ConfigurableApplicationContext worker;

    @BeforeAll
    static void startWorker() {
        kit = new WorkerTestKit();
        worker = kit.startWorker(
                "worker-metrics",
                "spring.main.web-application-type=servlet",
                "server.port=0",
                "management.server.port=0",
                "autobolt.worker.metrics.max-directory-tags=" + MAX_DIRECTORY_TAGS,
                "autobolt.worker.executor.max-tries=2",
                "autobolt.worker.executor.breaker-failure-threshold=2",
                "autobolt.worker.executor.breaker-cool-down=60s");
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    @Test
    void shouldExposeEveryDocumentedMeterMovedByRealWork() throws Exception {
        List<String> ok = kit.publishDirectories("ok", 2);
        kit.publishDirectory(kit.directory("reject", 0, true, false, false));
        kit.sandbox.configure("reject", SiteBehaviour.ok().failingAlways(422));
        kit.publishDirectory(kit.directory("down", 0, true, false, false));
        kit.sandbox.configure("down", SiteBehaviour.ok().failingAlways(503));
        kit.publishDirectory(kit.directory("login", 0, true, true, false));
        // Two jobs on a directory with a long minimum interval: the second task waits in its lane.
        kit.publishDirectory(kit.directory("slow", 8_000, true, false, false));
        JobState first = kit.createJob(List.of(ok.get(0), ok.get(1), "reject", "down", "login", "slow"), 3);
        JobState second = kit.createJob(List.of("slow"), 3);
        kit.send(kit.jobs, "not-a-job", "not json".getBytes(StandardCharsets.UTF_8));
        kit.send(kit.tasks, "not-a-task", "not json".getBytes(StandardCharsets.UTF_8));

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(scrape().value("autobolt_worker_lane_backlog_tasks"))
                        .as("the second task of the slow directory waits in its lane")
                        .isPositive());
        await().atMost(WAIT)
                .until(() -> kit.terminalResults(first.id()).size() == 6
                        && kit.terminalResults(second.id()).size() == 1);

        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText scrape = scrape();
            assertThat(scrape.value("autobolt_worker_tasks_claimed_total")).isEqualTo(7);
            assertThat(scrape.value("autobolt_worker_tasks_finished_total", "outcome=\"submitted\""))
                    .isEqualTo(4);
            assertThat(scrape.value("autobolt_worker_tasks_finished_total", "outcome=\"failed\"", "code=\"http_4xx\""))
                    .isEqualTo(1);
            assertThat(scrape.value(
                            "autobolt_worker_tasks_finished_total", "outcome=\"failed\"", "code=\"retries_exhausted\""))
                    .isEqualTo(1);
            assertThat(scrape.value(
                            "autobolt_worker_tasks_finished_total", "outcome=\"skipped\"", "code=\"requires_login\""))
                    .isEqualTo(1);
            assertThat(scrape.value("autobolt_worker_submission_duration_seconds_count"))
                    .isGreaterThanOrEqualTo(7);
            assertThat(scrape.value("autobolt_worker_submission_duration_seconds_bucket", "le=\"+Inf\""))
                    .isGreaterThanOrEqualTo(7);
            assertThat(scrape.samples("autobolt_worker_breaker_state").stream()
                            .mapToDouble(WorkerMetricsIT::sampleValue)
                            .max())
                    .as("the breaker of the directory that always answers 503 is open")
                    .hasValue(2);
            assertThat(scrape.value(
                            "autobolt_deadletter_records_total",
                            "topic=\"" + kit.jobs + "\"",
                            "reason=\"invalid_event\""))
                    .isEqualTo(1);
            assertThat(scrape.value(
                            "autobolt_deadletter_records_total",
                            "topic=\"" + kit.tasks + "\"",
                            "reason=\"invalid_event\""))
                    .isEqualTo(1);
            for (int partition = 0; partition < WorkerTestKit.PARTITIONS; partition++) {
                for (String topic : List.of(kit.tasks, kit.priorityTasks)) {
                    assertThat(scrape.samples(
                                    "kafka_consumer_fetch_manager_records_lag",
                                    "group=\"" + kit.prefix + "-executors\"",
                                    "topic=\"" + topic + "\"",
                                    "partition=\"" + partition + "\""))
                            .as("records lag of %s-%d", topic, partition)
                            .isNotEmpty();
                }
                assertThat(scrape.samples(
                                "kafka_consumer_fetch_manager_records_lag",
                                "group=\"" + kit.prefix + "-dispatcher\"",
                                "topic=\"" + kit.jobs + "\"",
                                "partition=\"" + partition + "\""))
                        .as("records lag of %s-%d", kit.jobs, partition)
                        .isNotEmpty();
            }
        });

        // Six directories, three tags: the rest are counted under other.
        Set<String> tags = scrape().samples("autobolt_worker_tasks_claimed_total").stream()
                .map(DIRECTORY_TAG::matcher)
                .filter(Matcher::find)
                .map(matcher -> matcher.group(1))
                .collect(Collectors.toSet());
        assertThat(tags).hasSize(MAX_DIRECTORY_TAGS + 1).contains("other");
    }

    @Test
    void shouldServeTheActuatorOnTheLoopbackInterfaceOnlyAndTheProbesOnTheServicePort() throws Exception {
        int management = Integer.parseInt(worker.getEnvironment().getProperty("local.management.port"));
        int service = Integer.parseInt(worker.getEnvironment().getProperty("local.server.port"));

        // 127.0.0.2 is loopback too, but not the address the management server is bound to by default.
        assertThatThrownBy(() -> connect("127.0.0.2", management)).isInstanceOf(ConnectException.class);
        connect("127.0.0.2", service);
        assertThat(get(service, "/readyz").statusCode()).isEqualTo(200);
        assertThat(get(service, "/livez").statusCode()).isEqualTo(200);
        assertThat(get(service, "/actuator/prometheus").statusCode()).isEqualTo(404);
        assertThat(get(management, "/actuator/health").body()).contains("\"topicFollowers\"");
        HealthEndpointGroups groups = worker.getBean(HealthEndpointGroups.class);
        for (String member : List.of("readinessState", "kafka", "kafkaTopics", "topicFollowers")) {
            assertThat(groups.get("readiness").isMember(member)).as(member).isTrue();
            assertThat(groups.get("liveness").isMember(member)).as(member).isFalse();
        }
        assertThat(get(management, "/actuator/health").body()).contains("\"kafka\"");
    }

    private static PrometheusText scrape() throws IOException, InterruptedException {
        int management = Integer.parseInt(worker.getEnvironment().getProperty("local.management.port"));
        HttpResponse<String> response = get(management, "/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        return PrometheusText.of(response.body());
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static double sampleValue(String sample) {
        return Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
    }

    private static void connect(String host, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
        }
    }
}
