package com.autobolt.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.api.cdc.CdcTestSupport;
import com.autobolt.api.cdc.ChangeTopicsReader;
import com.autobolt.api.support.Api;
import com.autobolt.api.support.TestKeys;
import com.autobolt.testinfra.metrics.PrometheusText;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * job-api's meters (docs/metrics.md) after real work: the change stream publishing rows and
 * dead-lettering one it cannot map, the reconciler republishing a stuck job, an event stream open, API
 * calls; then {@code /actuator/prometheus} scraped with the admin key, every documented meter there
 * and moved. Only the admin key may scrape, and only it sees health's details.
 */
class JobApiMetricsIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static CdcTestSupport world;
    private static ConfigurableApplicationContext instance;
    private static Api api;

    @BeforeAll
    static void startJobApi() throws Exception {
        world = new CdcTestSupport();
        String tasks = world.kafka.uniqueName("tasks");
        String priorityTasks = world.kafka.uniqueName("priority-tasks");
        String results = world.kafka.uniqueName("results");
        world.kafka.createTopics(2, tasks, priorityTasks, results);
        instance = world.startInstance(
                WebApplicationType.SERVLET,
                "autobolt.security.api-keys=" + TestKeys.CONFIGURATION,
                "autobolt.metrics.database-interval=200ms",
                "autobolt.metrics.stalled-after=10m",
                "autobolt.reconciler.enabled=true",
                "autobolt.reconciler.interval=500ms",
                "autobolt.reconciler.dispatch-bound=1s",
                "autobolt.reconciler.tasks-topic=" + tasks,
                "autobolt.reconciler.priority-tasks-topic=" + priorityTasks,
                "autobolt.reconciler.results-topic=" + results,
                // As deployed: health's details for the admin key only.
                "management.endpoint.health.show-details=when-authorized",
                "management.endpoint.health.show-components=when-authorized");
        api = new Api(Integer.parseInt(instance.getEnvironment().getProperty("local.server.port")));
        try (ChangeTopicsReader changes = world.reader()) {
            world.awaitStreamingChanges(changes);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        world.close();
    }

    @Test
    void shouldExposeEveryDocumentedMeterMovedByRealWork() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<Stream<String>>> stream = http.sendAsync(
                HttpRequest.newBuilder(api.uri("/api/events"))
                        .header("X-Api-Key", TestKeys.VIEWER)
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        try {
            UUID customer = world.insertCustomer();
            // No dispatcher runs here: the reconciler republishes this pending job after the bound.
            UUID stuck = world.insertJob(customer, List.of("yelp-local"), CdcTestSupport.PROFILE);
            // The published contract requires a business name: the change stream dead-letters this row.
            world.insertJob(customer, List.of("yelp-local"), "{\"email\": \"x@example.com\"}");
            assertThat(api.get("/api/jobs/" + stuck, TestKeys.VIEWER).status()).isEqualTo(200);
            // In progress, one unchanged for an hour (stalled) and one that just moved (not stalled).
            UUID stalled = world.insertJob(customer, List.of("yelp-local"), CdcTestSupport.PROFILE);
            UUID moving = world.insertJob(customer, List.of("yelp-local"), CdcTestSupport.PROFILE);
            world.execute(
                    "UPDATE jobs SET status = 'in_progress', started_at = now() - interval '2 hours',"
                            + " updated_at = now() - interval '1 hour' WHERE id = ?",
                    stalled);
            world.execute(
                    "UPDATE jobs SET status = 'in_progress', started_at = now(), updated_at = now() WHERE id = ?",
                    moving);

            await().atMost(WAIT).untilAsserted(() -> {
                PrometheusText scrape = scrape();
                assertThat(scrape.value("autobolt_jobs", "status=\"pending\"")).isGreaterThanOrEqualTo(2);
                assertThat(scrape.samples("autobolt_jobs")).hasSize(5);
                assertThat(scrape.value("autobolt_jobs", "status=\"in_progress\""))
                        .isEqualTo(2);
                assertThat(scrape.value("autobolt_jobs_stalled")).isEqualTo(1);
                assertThat(scrape.value("autobolt_cdc_slot_retained_wal_bytes"))
                        .isNotNaN()
                        .isGreaterThanOrEqualTo(0);
                assertThat(scrape.value("autobolt_cdc_lag_seconds_count", "topic=\"" + world.jobsTopic + "\""))
                        .isPositive();
                assertThat(scrape.value(
                                "autobolt_cdc_lag_seconds_bucket", "topic=\"" + world.jobsTopic + "\"", "le=\"+Inf\""))
                        .isPositive();
                assertThat(scrape.value(
                                "autobolt_deadletter_records_total",
                                "topic=\"" + world.jobsTopic + "\"",
                                "reason=\"unmappable_change\""))
                        .isEqualTo(1);
                assertThat(scrape.value("autobolt_reconciler_actions_total", "kind=\"job_republished\""))
                        .isPositive();
                assertThat(scrape.samples("autobolt_reconciler_actions_total")).hasSize(5);
                assertThat(scrape.value("autobolt_reconciler_passes_total", "result=\"completed\""))
                        .isPositive();
                assertThat(scrape.value("autobolt_events_streams_open")).isEqualTo(1);
                assertThat(scrape.value(
                                "http_server_requests_seconds_count", "uri=\"/api/jobs/{id}\"", "status=\"200\""))
                        .isPositive();
                // The configured buckets (5 ms … 10 s, and +Inf), for a latency quantile on the dashboard.
                assertThat(scrape.samples(
                                "http_server_requests_seconds_bucket",
                                "method=\"GET\"",
                                "uri=\"/api/jobs/{id}\"",
                                "status=\"200\""))
                        .hasSize(12);
            });
        } finally {
            stream.cancel(true);
        }
    }

    @Test
    void shouldLetOnlyTheAdminKeyScrape() {
        assertThat(api.get("/actuator/prometheus", TestKeys.ADMIN).status()).isEqualTo(200);
        assertThat(api.get("/actuator/prometheus", TestKeys.VIEWER).status()).isEqualTo(403);
        assertThat(api.get("/actuator/prometheus", TestKeys.STAFF).status()).isEqualTo(403);
        assertThat(api.get("/actuator/prometheus", TestKeys.WORKER).status()).isEqualTo(403);
        assertThat(api.get("/actuator/prometheus", null).status()).isEqualTo(401);
    }

    @Test
    void shouldShowHealthDetailsToTheAdminKeyOnlyAndTheProbesToAll() {
        Api.Response anonymous = api.get("/actuator/health", null);
        Api.Response viewer = api.get("/actuator/health", TestKeys.VIEWER);
        Api.Response admin = api.get("/actuator/health", TestKeys.ADMIN);

        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.body()).contains("\"status\"").doesNotContain("components");
        assertThat(viewer.body()).doesNotContain("components");
        assertThat(admin.body()).contains("\"components\"").contains("\"changeStream\"");
        assertThat(api.get("/livez", null).status()).isEqualTo(200);
        assertThat(api.get("/readyz", null).status()).isEqualTo(200);
        assertThat(api.send("GET", "/readyz", null, null, Map.of()).body()).contains("UP");
    }

    @Test
    void shouldBeReadyOnlyWhenItsDependenciesAnswerAndAliveOnItsOwnState() {
        HealthEndpointGroups groups = instance.getBean(HealthEndpointGroups.class);
        HealthEndpointGroup readiness = groups.get("readiness");
        HealthEndpointGroup liveness = groups.get("liveness");

        for (String member : List.of("readinessState", "db", "kafka", "kafkaTopics", "changeStream")) {
            assertThat(readiness.isMember(member)).as(member).isTrue();
            assertThat(liveness.isMember(member)).as(member).isFalse();
        }
        assertThat(liveness.isMember("livenessState")).isTrue();
        Api.Response health = api.get("/actuator/health", TestKeys.ADMIN);
        assertThat(health.body()).contains("\"kafka\"", "\"db\"", "\"kafkaTopics\"", "\"changeStream\"");
        assertThat(health.json().path("components").path("kafka").path("status").asString())
                .isEqualTo("UP");
    }

    private static PrometheusText scrape() {
        Api.Response response = api.get("/actuator/prometheus", TestKeys.ADMIN);
        assertThat(response.status()).isEqualTo(200);
        return PrometheusText.of(response.body());
    }
}
