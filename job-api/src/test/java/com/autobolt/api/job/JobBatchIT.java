package com.autobolt.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.api.support.Api;
import com.autobolt.api.support.Concurrently;
import com.autobolt.api.support.SharedApiTestSupport;
import com.autobolt.api.support.TestKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/jobs/batch}: an importer's or a storefront's burst, all jobs or none. */
class JobBatchIT extends SharedApiTestSupport {

    private static boolean seeded;
    private UUID plumber;
    private UUID baker;

    @BeforeEach
    void catalogAndCustomers() {
        if (!seeded) {
            insertDirectories(60, "plumbing", 40);
            insertDirectories(60, "bakery", 60);
            seeded = true;
        }
        plumber = createCustomer("plumbing");
        baker = createCustomer("bakery");
    }

    @Test
    void shouldCreateEveryJobInTheRequestsOrderEachAsASingleCreationWould() {
        List<Map<String, Object>> batch = List.of(
                job(plumber, "starter", "order-1"),
                job(baker, "starter", "order-2"),
                job(plumber, "starter", "order-3"),
                Map.of(
                        "customerId",
                        baker,
                        "packageType",
                        "starter",
                        "priority",
                        1,
                        "metadata",
                        Map.of("campaign", "x")));

        Api.Response response = createBatch(null, batch);

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        List<JsonNode> jobs = jobsOf(response);
        assertThat(jobs).hasSize(4);
        assertThat(jobs)
                .extracting(j -> j.path("customerId").asString())
                .containsExactly(plumber.toString(), baker.toString(), plumber.toString(), baker.toString());
        assertThat(jobs)
                .extracting(j -> j.path("externalRef").asString(null))
                .containsExactly("order-1", "order-2", "order-3", null);
        assertThat(jobs.get(3).path("priority").asInt()).isEqualTo(1);
        assertThat(jobs.get(3).path("metadata").path("campaign").asString()).isEqualTo("x");
        for (JsonNode job : jobs) {
            UUID id = UUID.fromString(job.path("id").asString());
            assertThat(job.path("status").asString()).isEqualTo("pending");
            Api.Response single = api().get("/api/jobs/" + id, TestKeys.VIEWER);
            assertThat(single.status()).isEqualTo(200);
            assertThat(jdbc.queryForObject(
                            "SELECT cardinality(planned_directory_ids) FROM jobs WHERE id = ?", Integer.class, id))
                    .isEqualTo(50);
            assertThat(jdbc.queryForObject(
                            "SELECT count(*) FROM audit_log WHERE action = 'job.created' AND target_id = ?",
                            Integer.class,
                            id.toString()))
                    .isEqualTo(1);
        }
        // Each job is planned from its own customer's category, as a single creation plans it.
        assertThat(plannedFirst(jobs.get(0))).isEqualTo(plannedFirst(jobs.get(2)));
        assertThat(plannedFirst(jobs.get(0))).isNotEqualTo(plannedFirst(jobs.get(1)));
        assertThat(plannedFirst(jobs.get(0)))
                .isEqualTo(plannedFirst(jobsOf(createBatch(null, List.of(job(plumber, "starter", null))))
                        .get(0)));
    }

    @Test
    void shouldCreateNothingWhenOneJobIsRefusedAndNameIt() {
        UUID unknown = UUID.randomUUID();
        List<Map<String, Object>> batch =
                List.of(job(plumber, "starter", null), job(baker, "starter", null), job(unknown, "starter", null));

        Api.Response response = createBatch(null, batch);

        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.detail()).startsWith("jobs[2]: ").contains(unknown.toString());
        assertThat(jobsOf(plumber) + jobsOf(baker)).isZero();

        Api.Response tooMany = createBatch(
                null,
                List.of(
                        job(plumber, "starter", null),
                        Map.of("customerId", baker, "packageType", "starter", "directoryIds", List.of("nope"))));
        assertThat(tooMany.status()).isEqualTo(422);
        assertThat(tooMany.detail()).startsWith("jobs[1]: the starter package needs exactly 50 directories");
        assertThat(jobsOf(plumber) + jobsOf(baker)).isZero();
    }

    @Test
    void shouldNameTheFieldOfTheJobThatIsInvalid() {
        Api.Response invalid = createBatch(
                null,
                List.of(
                        job(plumber, "starter", null),
                        Map.of("customerId", baker, "packageType", "starter", "metadata", List.of(1))));

        assertThat(invalid.status()).as(invalid.body()).isEqualTo(400);
        assertThat(invalid.json().path("errors").findValuesAsString("field")).containsExactly("jobs[1].metadata");

        Api.Response missing = createBatch(null, List.of(Map.of("customerId", baker)));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("errors").findValuesAsString("field")).containsExactly("jobs[0].packageType");
        assertThat(jobsOf(plumber) + jobsOf(baker)).isZero();
    }

    @Test
    void shouldRefuseAnEmptyOrOversizedBatchAndCallersWhoMayNotCreate() {
        assertThat(createBatch(null, List.of()).status()).isEqualTo(400);
        assertThat(api().post("/api/jobs/batch", TestKeys.STAFF, Map.of()).status())
                .isEqualTo(400);
        List<Map<String, Object>> oversized = new ArrayList<>();
        for (int i = 0; i <= CreateJobsRequest.MAX_JOBS; i++) {
            oversized.add(job(plumber, "starter", null));
        }
        Api.Response tooLarge = createBatch(null, oversized);
        assertThat(tooLarge.status()).isEqualTo(400);
        assertThat(tooLarge.json().path("errors").findValuesAsString("field")).containsExactly("jobs");

        Map<String, Object> body = Map.of("jobs", List.of(job(plumber, "starter", null)));
        assertThat(api().post("/api/jobs/batch", TestKeys.VIEWER, body).status())
                .isEqualTo(403);
        assertThat(api().post("/api/jobs/batch", TestKeys.WORKER, body).status())
                .isEqualTo(403);
        assertThat(api().post("/api/jobs/batch", TestKeys.UNKNOWN, body).status())
                .isEqualTo(401);
        assertThat(jobsOf(plumber)).isZero();
    }

    @Test
    void shouldRefuseAReferenceTwiceInTheBatchOrAlreadyTaken() {
        Api.Response twice = createBatch(null, List.of(job(plumber, "starter", "a"), job(plumber, "starter", "a")));
        assertThat(twice.status()).isEqualTo(422);
        assertThat(twice.detail()).contains("jobs[0] and jobs[1]");

        String existing = jobsOf(createBatch(null, List.of(job(plumber, "starter", "taken"))))
                .get(0)
                .path("id")
                .asString();
        Api.Response taken =
                createBatch(null, List.of(job(baker, "starter", "taken"), job(plumber, "starter", "taken")));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.detail()).startsWith("jobs[1]: ").contains(existing);
        assertThat(jobsOf(plumber) + jobsOf(baker)).isEqualTo(1);
    }

    @Test
    void shouldReturnTheOriginalJobsForARepeatedBatchAndRefuseADifferentOne() throws Exception {
        String key = UUID.randomUUID().toString();
        List<Map<String, Object>> batch = List.of(job(plumber, "starter", null), job(baker, "starter", null));

        List<Api.Response> responses = Concurrently.run(6, () -> createBatch(key, batch));

        assertThat(responses).extracting(Api.Response::status).containsOnly(200, 201);
        assertThat(responses)
                .extracting(Api.Response::status)
                .filteredOn(s -> s == 201)
                .hasSize(1);
        List<String> ids = jobsOf(responses.get(0)).stream()
                .map(j -> j.path("id").asString())
                .toList();
        for (Api.Response response : responses) {
            assertThat(jobsOf(response))
                    .extracting(j -> j.path("id").asString())
                    .containsExactlyElementsOf(ids);
        }
        assertThat(jobsOf(plumber) + jobsOf(baker)).isEqualTo(2);

        Api.Response shorter = createBatch(key, batch.subList(0, 1));
        Api.Response reordered = createBatch(key, List.of(batch.get(1), batch.get(0)));
        assertThat(shorter.status()).isEqualTo(422);
        assertThat(reordered.status()).isEqualTo(422);
        assertThat(reordered.detail()).contains("already used with a different batch");
        // A single creation's keys are another space: the same key creates a job of its own.
        Api.Response single =
                api().send("POST", "/api/jobs", TestKeys.STAFF, batch.get(0), Map.of("Idempotency-Key", key));
        assertThat(single.status()).isEqualTo(201);
        assertThat(jobsOf(plumber) + jobsOf(baker)).isEqualTo(3);
    }

    @Test
    void shouldRefuseAKeyTooLongToNameEveryJobOfTheBatch() {
        Api.Response response = createBatch("k".repeat(191), List.of(job(plumber, "starter", null)));

        assertThat(response.status()).isEqualTo(400);
        assertThat(jobsOf(plumber)).isZero();
    }

    private static Map<String, Object> job(UUID customer, String packageType, String externalRef) {
        Map<String, Object> job = new HashMap<>(Map.of("customerId", customer, "packageType", packageType));
        if (externalRef != null) {
            job.put("externalRef", externalRef);
        }
        return job;
    }

    private Api.Response createBatch(String key, List<Map<String, Object>> jobs) {
        return api().send(
                        "POST",
                        "/api/jobs/batch",
                        TestKeys.STAFF,
                        Map.of("jobs", jobs),
                        key == null ? Map.of() : Map.of("Idempotency-Key", key));
    }

    private static List<JsonNode> jobsOf(Api.Response response) {
        List<JsonNode> jobs = new ArrayList<>();
        response.json().path("jobs").forEach(jobs::add);
        return jobs;
    }

    private String plannedFirst(JsonNode job) {
        return jdbc.queryForObject(
                "SELECT planned_directory_ids[1] FROM jobs WHERE id = ?",
                String.class,
                UUID.fromString(job.path("id").asString()));
    }

    private int jobsOf(UUID customer) {
        return jdbc.queryForObject("SELECT count(*) FROM jobs WHERE customer_id = ?", Integer.class, customer);
    }
}
