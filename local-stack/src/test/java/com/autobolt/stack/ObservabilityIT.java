package com.autobolt.stack;

import static com.autobolt.stack.StackTestSupport.jobView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.schemas.Topics;
import com.autobolt.stack.deployment.ObservabilityFiles;
import com.autobolt.testinfra.metrics.PrometheusText;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator's dashboard and alert rules ({@code deploy/observability}) against the running stack:
 * after a real job has run to its end, every service is scraped and every metric the dashboard and the
 * rules read is there, those a job moves having moved; then a real Prometheus (Debian's {@code
 * prometheus}) scrapes the stack with the repository's scrape configuration and alert rules, every
 * target is up, every rule evaluates with health {@code ok} and every rule expression and dashboard
 * query runs without a PromQL error. Runs on the shared stack ({@link TestStacks#shared()}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
@Order(TestStacks.SHARED_STACK_ORDER)
class ObservabilityIT {

    /**
     * What a finished job moves (a histogram by its count): the tasks claimed and ended, the
     * submissions, the results projected and their batches, the job's two durations, the change
     * stream's lag, the API's requests, the jobs counted from the database, and the reconciler's passes
     * (one every 30 s, whatever happens). The dead-letter counter moves because this test sends the
     * projector a record it cannot read.
     */
    private static final Set<String> MOVED_BY_A_JOB = Set.of(
            "autobolt_worker_tasks_claimed_total",
            "autobolt_worker_tasks_finished_total",
            "autobolt_worker_submission_duration_seconds",
            "autobolt_projector_results_projected_total",
            "autobolt_projector_batch_size_records",
            "autobolt_projector_batch_duration_seconds",
            "autobolt_job_time_to_first_result_seconds",
            "autobolt_job_duration_seconds",
            "autobolt_cdc_lag_seconds",
            "http_server_requests_seconds",
            "autobolt_jobs",
            "autobolt_reconciler_passes_total",
            "autobolt_deadletter_records_total");

    /**
     * Gauges and fault counters that are only checked to be there: a healthy stack keeps them at zero or
     * at a level (stalled jobs, breakers, backlogs, consumer lag, retained WAL, the reconciler's repairs,
     * open event streams).
     */
    private static final Set<String> PRESENT_ONLY = Set.of(
            "autobolt_jobs_stalled",
            "autobolt_worker_breaker_state",
            "autobolt_worker_lane_backlog_tasks",
            "kafka_consumer_fetch_manager_records_lag",
            "autobolt_cdc_slot_retained_wal_bytes",
            "autobolt_reconciler_actions_total",
            "autobolt_events_streams_open");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private LocalStack stack;
    private StackSettings.Ports ports;
    private int prometheusPort;

    @BeforeAll
    void startTheStack() {
        stack = TestStacks.shared();
        ports = stack.settings().ports();
    }

    @Test
    void shouldHaveEveryMetricOfTheDashboardAndTheRulesAndEvaluateThemInPrometheus(@TempDir Path directory)
            throws Exception {
        Path prometheusBinary = ObservabilityFiles.requireBinary("prometheus");
        Set<String> used = new TreeSet<>(ObservabilityFiles.metricNames());
        used.remove(ObservabilityFiles.UP);
        Set<String> classified = new TreeSet<>(MOVED_BY_A_JOB);
        classified.addAll(PRESENT_ONLY);
        assertThat(classified)
                .as("every metric of the dashboard and the rules is said to move with a job or only to be there")
                .isEqualTo(used);

        runAJobToItsEnd();
        sendTheProjectorAnUnreadableResult();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    List<PrometheusText> scrapes = scrapeEveryService();
                    for (String metric : used) {
                        assertThat(scrapes.stream().anyMatch(scrape -> present(scrape, metric)))
                                .as("%s in some service's scrape", metric)
                                .isTrue();
                    }
                    for (String metric : MOVED_BY_A_JOB) {
                        assertThat(total(scrapes, metric))
                                .as("%s moved", metric)
                                .isPositive();
                    }
                });

        Process prometheus = startPrometheus(prometheusBinary, directory);
        try {
            String base = "http://127.0.0.1:" + prometheusPort;
            int targets = 1 + ports.workers().size() + ports.projectors().size();
            await().atMost(Duration.ofSeconds(45))
                    .pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions()
                    .untilAsserted(() -> {
                        JsonNode active =
                                get(base + "/api/v1/targets").path("data").path("activeTargets");
                        List<String> health = new ArrayList<>();
                        active.forEach(target ->
                                health.add(target.path("labels").path("job").asString() + " "
                                        + target.path("health").asString() + " "
                                        + target.path("lastError").asString()));
                        assertThat(health).as("Prometheus's targets").hasSize(targets);
                        assertThat(health).allMatch(target -> target.contains(" up "));
                    });

            Map<String, String> expressions = new LinkedHashMap<>(ObservabilityFiles.ruleExpressions());
            expressions.putAll(ObservabilityFiles.dashboardQueries());
            expressions.forEach((name, expression) -> {
                JsonNode answer =
                        get(base + "/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8));
                assertThat(answer.path("status").asString())
                        .as("%s: %s -> %s", name, expression, answer)
                        .isEqualTo("success");
            });
            assertThat(get(base + "/api/v1/query?query=" + URLEncoder.encode("up", StandardCharsets.UTF_8))
                            .path("data")
                            .path("result"))
                    .as("one up series per target")
                    .hasSize(targets);

            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        Map<String, JsonNode> rules = loadedRules(base);
                        assertThat(rules.keySet())
                                .isEqualTo(ObservabilityFiles.ruleExpressions().keySet());
                        rules.forEach(
                                (alert, rule) -> assertThat(rule.path("health").asString())
                                        .as("%s: %s", alert, rule)
                                        .isEqualTo("ok"));
                        // The unreadable result sent above, whose counter series is new: the alert sees it.
                        assertThat(rules.get("AutoBoltDeadLetters")
                                        .path("state")
                                        .asString())
                                .isEqualTo("firing");
                        assertThat(rules.get("AutoBoltServiceDown")
                                        .path("state")
                                        .asString())
                                .isEqualTo("inactive");
                    });
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** A starter job of ordinary directories that neither hang nor wait a minimum interval, to its end. */
    private void runAJobToItsEnd() {
        ApiClient staff = new ApiClient(stack.apiBaseUrl(), stack.keys().staff());
        List<String> directories = IntStream.rangeClosed(1, 60)
                .filter(i -> i % 20 != 0)
                .mapToObj(i -> String.format("demo-%03d", i))
                .limit(50)
                .toList();
        String job = StackTestSupport.createJob(staff, "Observed Florist", "retail", "starter", directories);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(jobView(staff, job).terminal())
                        .as("job %s ended", job)
                        .isTrue());
    }

    /** A record that is no result event, keyed by no job: the projector dead-letters it and goes on. */
    private void sendTheProjectorAnUnreadableResult() throws Exception {
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(stack.kafkaClientProperties(), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(
                            Topics.DIRECTORY_RESULTS, "observability-it-" + UUID.randomUUID(), "not an event"))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    /** job-api with the admin key on its service port; each worker and projector on its actuator port. */
    private List<PrometheusText> scrapeEveryService() throws Exception {
        List<PrometheusText> scrapes = new ArrayList<>();
        scrapes.add(scrape(ports.api(), stack.keys().admin()));
        for (int port : ports.workers()) {
            scrapes.add(scrape(StackSettings.Ports.managementPort(port), null));
        }
        for (int port : ports.projectors()) {
            scrapes.add(scrape(StackSettings.Ports.managementPort(port), null));
        }
        return scrapes;
    }

    private static PrometheusText scrape(int port, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(10));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("scrape of port %d", port).isEqualTo(200);
        return PrometheusText.of(response.body());
    }

    /** A plain metric by its name, a histogram by its count. */
    private static boolean present(PrometheusText scrape, String metric) {
        return scrape.has(metric) || scrape.has(metric + "_count");
    }

    private static double total(List<PrometheusText> scrapes, String metric) {
        return scrapes.stream()
                .mapToDouble(scrape -> scrape.has(metric + "_count")
                        ? scrape.value(metric + "_count")
                        : scrape.has(metric) ? scrape.value(metric) : 0)
                .sum();
    }

    /**
     * Starts Prometheus on a free port with the repository's scrape configuration pointed at this stack
     * (every 2 s; job-api's admin key in a file of its own) and the repository's alert rules.
     */
    @SuppressWarnings("unchecked")
    private Process startPrometheus(Path binary, Path directory) throws IOException {
        Path adminKey = directory.resolve("admin-key");
        Files.writeString(adminKey, stack.keys().admin());
        Files.setPosixFilePermissions(adminKey, PosixFilePermissions.fromString("rw-------"));

        Map<String, Object> config = new Yaml().load(Files.readString(ObservabilityFiles.PROMETHEUS_CONFIG));
        config.put("global", Map.of("scrape_interval", "2s", "evaluation_interval", "2s"));
        config.put("rule_files", List.of(ObservabilityFiles.RULES.toString()));
        Map<String, List<String>> targets = new HashMap<>();
        targets.put("autobolt-job-api", List.of("127.0.0.1:" + ports.api()));
        targets.put("autobolt-job-worker", actuators(ports.workers()));
        targets.put("autobolt-progress-projector", actuators(ports.projectors()));
        List<Map<String, Object>> scrapeConfigs = (List<Map<String, Object>>) config.get("scrape_configs");
        assertThat(scrapeConfigs.stream().map(scrape -> String.valueOf(scrape.get("job_name"))))
                .containsExactlyInAnyOrderElementsOf(targets.keySet());
        for (Map<String, Object> scrape : scrapeConfigs) {
            scrape.put("static_configs", List.of(Map.of("targets", targets.get(scrape.get("job_name")))));
            if (scrape.get("authorization") instanceof Map<?, ?> authorization) {
                ((Map<String, Object>) authorization).put("credentials_file", adminKey.toString());
            }
        }
        DumperOptions block = new DumperOptions();
        block.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Path configFile = directory.resolve("prometheus.yml");
        Files.writeString(configFile, new Yaml(block).dump(config));

        do {
            prometheusPort = PortCheck.distinctFreePorts(1)[0];
        } while (prometheusPort == 9090); // a system Prometheus may claim its default port at any time
        return new ProcessBuilder(
                        binary.toString(),
                        "--config.file=" + configFile,
                        "--storage.tsdb.path=" + directory.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + prometheusPort,
                        "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("prometheus.log").toFile())
                .start();
    }

    private static List<String> actuators(List<Integer> servicePorts) {
        return servicePorts.stream()
                .map(port -> "127.0.0.1:" + StackSettings.Ports.managementPort(port))
                .collect(Collectors.toList());
    }

    /** The alerting rules Prometheus has loaded, by name. */
    private static Map<String, JsonNode> loadedRules(String base) {
        Map<String, JsonNode> rules = new LinkedHashMap<>();
        for (JsonNode group : get(base + "/api/v1/rules").path("data").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                rules.put(rule.path("name").asString(), rule);
            }
        }
        return rules;
    }

    private static JsonNode get(String url) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("GET " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
