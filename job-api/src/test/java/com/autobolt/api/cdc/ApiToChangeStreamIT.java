package com.autobolt.api.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.api.support.Api;
import com.autobolt.api.support.TestKeys;
import com.autobolt.schemas.ChangeOperation;
import com.autobolt.schemas.JobStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * End to end through job-api: what the REST API writes is what the change stream publishes, in
 * the shape of {@code schemas} (the profile snapshot included), and nothing lands in a dead-letter
 * topic.
 */
class ApiToChangeStreamIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void shouldPublishWhatTheApiCreatesRetriesAndCancels() throws Exception {
        try (CdcTestSupport world = new CdcTestSupport();
                ChangeTopicsReader topics = world.reader()) {
            ConfigurableApplicationContext instance = world.startInstance(
                    WebApplicationType.SERVLET,
                    "autobolt.security.api-keys=admin:" + TestKeys.ADMIN + ",staff:" + TestKeys.STAFF);
            Api api = new Api(Integer.parseInt(instance.getEnvironment().getProperty("local.server.port")));
            for (int i = 0; i < 50; i++) {
                world.insertDirectory("e2e-" + i);
            }
            world.awaitStreamingChanges(topics);
            UUID customer = created(api.post("/api/customers", TestKeys.STAFF, aCustomer()));

            UUID failing = created(
                    api.post("/api/jobs", TestKeys.STAFF, Map.of("customerId", customer, "packageType", "starter")));
            UUID cancelled = created(api.post(
                    "/api/jobs",
                    TestKeys.STAFF,
                    Map.of("customerId", customer, "packageType", "starter", "priority", 1)));

            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(topics.jobEvents(failing))
                            .first()
                            .satisfies(event -> {
                                assertThat(event.op()).isEqualTo(ChangeOperation.CREATED);
                                assertThat(event.after().status()).isEqualTo(JobStatus.PENDING);
                                assertThat(event.after().plannedDirectoryIds()).hasSize(50);
                                assertThat(event.after().dispatchDirectoryIds()).hasSize(50);
                                assertThat(event.after().profile().businessName())
                                        .isEqualTo("Harbor Bakery");
                                assertThat(event.after().profile().city()).isEqualTo("Portland");
                            }));

            world.execute(
                    "INSERT INTO job_results (job_id, directory_id, status, attempt) SELECT id, d, "
                            + "CASE WHEN d = planned_directory_ids[1] THEN 'failed' ELSE 'submitted' END, 1 "
                            + "FROM jobs, unnest(planned_directory_ids) AS d WHERE id = ?",
                    failing);
            world.execute(
                    "UPDATE jobs SET status = 'failed', progress_submitted = 49, progress_failed = 1, "
                            + "progress_done = 50, progress_percent = 100, completed_at = now() WHERE id = ?",
                    failing);
            assertThat(api.post("/api/jobs/" + failing + "/retry", TestKeys.STAFF, null)
                            .status())
                    .isEqualTo(202);
            assertThat(api.post("/api/jobs/" + cancelled + "/cancel", TestKeys.STAFF, null)
                            .status())
                    .isEqualTo(202);

            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(topics.jobEvents(failing)).anySatisfy(retried -> {
                    assertThat(retried.before()).isNotNull();
                    assertThat(retried.before().status()).isEqualTo(JobStatus.FAILED);
                    assertThat(retried.after().status()).isEqualTo(JobStatus.PENDING);
                    assertThat(retried.after().attempt()).isEqualTo(2);
                    assertThat(retried.after().dispatchDirectoryIds())
                            .containsExactly(
                                    retried.after().plannedDirectoryIds().get(0));
                    assertThat(retried.after().progress().percent()).isEqualTo(98);
                });
                assertThat(topics.jobEvents(cancelled)).anySatisfy(cancel -> {
                    assertThat(cancel.after().status()).isEqualTo(JobStatus.CANCELLED);
                    assertThat(cancel.after().priority()).isEqualTo(1);
                });
            });
            // Tracing is off here: nothing is kept with the job, no header added to its changes.
            assertThat(world.queryLong("SELECT count(*) FROM jobs WHERE trace_parent IS NOT NULL"))
                    .isZero();
            assertThat(topics.poll())
                    .allSatisfy(record -> assertThat(record.headers().lastHeader("traceparent"))
                            .isNull());
            assertThat(topics.deadLetters(failing.toString())).isEmpty();
            assertThat(topics.deadLetters(cancelled.toString())).isEmpty();
        }
    }

    private static Map<String, Object> aCustomer() {
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("businessName", "Harbor Bakery");
        customer.put("email", "owner-" + UUID.randomUUID() + "@harborbakery.example");
        customer.put("phone", "+1 555 0100");
        customer.put("website", "https://harborbakery.example");
        customer.put("city", "Portland");
        customer.put("packageType", "starter");
        return customer;
    }

    private static UUID created(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return UUID.fromString(response.json().path("id").asString());
    }
}
