package com.autobolt.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.api.support.Api;
import com.autobolt.api.support.ApiTestSupport;
import com.autobolt.api.support.Concurrently;
import com.autobolt.api.support.TestKeys;
import com.autobolt.testinfra.TestInfrastructure;
import com.autobolt.testinfra.postgres.TestDatabase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Jobs against a catalog the test controls: 30 active plumbing directories (authority 20–49), 40
 * active bakery ones (50–89) and 5 inactive plumbing ones (99).
 */
class JobApiIT extends ApiTestSupport {

    private static final TestDatabase DATABASE = TestInfrastructure.postgres().createDatabase();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        configure(registry, DATABASE);
    }

    private static List<String> plumbing;
    private static List<String> bakery;
    private static List<String> inactive;

    private UUID customer;

    @BeforeEach
    void catalogAndCustomer() {
        if (plumbing == null) {
            plumbing = directories("plumbing", 30, 49, true);
            bakery = directories("bakery", 40, 89, true);
            inactive = directories("plumbing", 5, 99, false);
        }
        customer = createCustomer("Plumbing");
    }

    @Test
    void shouldPlanMatchingCategoryFirstThenBestAuthorityAndSnapshotTheProfile() {
        Api.Response created =
                api().post("/api/jobs", TestKeys.STAFF, Map.of("customerId", customer, "packageType", "starter"));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode job = created.json();
        UUID id = UUID.fromString(job.path("id").asString());
        assertThat(created.header("Location")).isEqualTo("/api/jobs/" + id);
        assertThat(job.path("status").asString()).isEqualTo("pending");
        assertThat(job.path("priority").asInt()).isEqualTo(3);
        assertThat(job.path("attempt").asInt()).isEqualTo(1);
        assertThat(job.path("directoryCount").asInt()).isEqualTo(50);
        assertThat(job.path("progress").path("total").asInt()).isEqualTo(50);
        assertThat(job.path("progress").path("pending").asInt()).isEqualTo(50);
        assertThat(job.path("progress").path("percent").asInt()).isZero();

        List<String> expected = new ArrayList<>(plumbing);
        expected.addAll(bakery.subList(0, 20));
        assertThat(plannedDirectories(id)).containsExactlyElementsOf(expected);
        assertThat(dispatchDirectories(id)).containsExactlyElementsOf(expected);
        Map<String, Object> stored = jdbc.queryForMap(
                "SELECT business_profile->>'businessName' AS name, business_profile->>'category' AS category,"
                        + " progress_total FROM jobs WHERE id = ?",
                id);
        JsonNode owner =
                api().get("/api/customers/" + customer, TestKeys.VIEWER).json();
        assertThat(stored.get("name")).isEqualTo(owner.path("businessName").asString());
        assertThat(stored.get("category")).isEqualTo("Plumbing");
        assertThat(stored.get("progress_total")).isEqualTo(50);
    }

    @Test
    void shouldUseAnExplicitListInItsOrder() {
        List<String> chosen = new ArrayList<>(bakery);
        java.util.Collections.reverse(chosen);
        chosen.addAll(plumbing.subList(0, 10));

        Api.Response created = api().post(
                        "/api/jobs",
                        TestKeys.ADMIN,
                        Map.of(
                                "customerId",
                                customer,
                                "packageType",
                                "starter",
                                "priority",
                                1,
                                "directoryIds",
                                chosen));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("priority").asInt()).isEqualTo(1);
        assertThat(plannedDirectories(UUID.fromString(created.json().path("id").asString())))
                .containsExactlyElementsOf(chosen);
    }

    @Test
    void shouldRefuseAnExplicitListThePackageCannotUse() {
        List<String> duplicated = new ArrayList<>(bakery);
        duplicated.addAll(plumbing.subList(0, 9));
        duplicated.add(bakery.get(3));
        List<String> tooShort = bakery.subList(0, 10);
        List<String> withUnknown = new ArrayList<>(bakery);
        withUnknown.addAll(plumbing.subList(0, 9));
        withUnknown.add("no-such-directory");
        List<String> withInactive = new ArrayList<>(bakery);
        withInactive.addAll(plumbing.subList(0, 9));
        withInactive.add(inactive.get(0));
        int jobs = count("jobs");

        assertUnprocessable(explicit(duplicated), "more than once: [" + bakery.get(3) + "]");
        assertUnprocessable(explicit(tooShort), "needs exactly 50 directories, but directoryIds lists 10");
        assertUnprocessable(explicit(withUnknown), "do not exist: [no-such-directory]");
        assertUnprocessable(explicit(withInactive), "not active: [" + inactive.get(0) + "]");
        assertThat(count("jobs")).isEqualTo(jobs);
    }

    @Test
    void shouldRefuseAPackageLargerThanTheActiveCatalogNamingWhatIsAvailable() {
        Api.Response response =
                api().post("/api/jobs", TestKeys.STAFF, Map.of("customerId", customer, "packageType", "growth"));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.detail())
                .isEqualTo("the growth package needs 100 active directories, but only 70 are available");
    }

    @Test
    void shouldRefuseAnUnknownCustomer() {
        UUID unknown = UUID.randomUUID();

        Api.Response response =
                api().post("/api/jobs", TestKeys.STAFF, Map.of("customerId", unknown, "packageType", "starter"));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.detail()).isEqualTo("no customer with id " + unknown);
    }

    @Test
    void shouldShowProgressFromTheStoredCounters() {
        UUID job = createJob(customer, "starter");
        jdbc.update(
                "UPDATE jobs SET status = 'in_progress', started_at = now(), progress_submitted = 20,"
                        + " progress_failed = 3, progress_skipped = 2, progress_done = 25, progress_percent = 50"
                        + " WHERE id = ?",
                job);

        JsonNode body = api().get("/api/jobs/" + job, TestKeys.VIEWER).json();

        assertThat(body.path("status").asString()).isEqualTo("in_progress");
        assertThat(body.path("startedAt").asString()).isNotBlank();
        assertThat(body.path("progress"))
                .isEqualTo(Api.JSON.valueToTree(Map.of(
                        "total",
                        50,
                        "done",
                        25,
                        "submitted",
                        20,
                        "failed",
                        3,
                        "skipped",
                        2,
                        "pending",
                        25,
                        "percent",
                        50)));
        assertThat(api().get("/api/jobs/" + UUID.randomUUID(), TestKeys.VIEWER).status())
                .isEqualTo(404);
    }

    @Test
    void shouldListByPriorityThenAgeFilteredByStatusAndCustomer() {
        UUID low = createJob(customer, "starter", 5);
        UUID high = createJob(customer, "starter", 1);
        UUID middle = createJob(customer, "starter", 3);
        UUID alsoHigh = createJob(customer, "starter", 1);
        jdbc.update("UPDATE jobs SET status = 'in_progress' WHERE id = ?", middle);

        assertThat(listed("?customerId=" + customer)).containsExactly(high, alsoHigh, middle, low);
        assertThat(listed("?customerId=" + customer + "&status=pending")).containsExactly(high, alsoHigh, low);
        assertThat(listed("?customerId=" + customer + "&status=in_progress")).containsExactly(middle);
        JsonNode page = api().get("/api/jobs?customerId=" + customer + "&size=3&page=1", TestKeys.VIEWER)
                .json();
        assertThat(page.path("totalItems").asInt()).isEqualTo(4);
        assertThat(page.path("items").get(0).path("id").asString()).isEqualTo(low.toString());
    }

    @Test
    void shouldShowOneResultRowPerPlannedDirectory() {
        UUID job = createJob(customer, "starter");
        List<String> planned = plannedDirectories(job);
        jdbc.update(
                "INSERT INTO job_results (job_id, directory_id, status, attempt, worker_id, listing_url, duration_ms,"
                        + " submitted_at) VALUES (?, ?, 'submitted', 1, 'worker-7', 'https://listing.example/1', 950,"
                        + " now())",
                job,
                planned.get(1));

        JsonNode results =
                api().get("/api/jobs/" + job + "/results", TestKeys.VIEWER).json();

        assertThat(results.path("jobId").asString()).isEqualTo(job.toString());
        assertThat(results.path("results").size()).isEqualTo(50);
        JsonNode first = results.path("results").get(0);
        assertThat(first.path("directoryId").asString()).isEqualTo(planned.get(0));
        assertThat(first.path("directoryName").asString()).isEqualTo("Directory " + planned.get(0));
        assertThat(first.path("status").asString()).isEqualTo("pending");
        assertThat(first.path("attempt").asInt()).isEqualTo(1);
        JsonNode second = results.path("results").get(1);
        assertThat(second.path("status").asString()).isEqualTo("submitted");
        assertThat(second.path("workerId").asString()).isEqualTo("worker-7");
        assertThat(second.path("listingUrl").asString()).isEqualTo("https://listing.example/1");
        assertThat(second.path("durationMs").asLong()).isEqualTo(950);
        assertThat(second.path("submittedAt").asString()).isNotBlank();
        assertThat(api().get("/api/jobs/" + UUID.randomUUID() + "/results", TestKeys.VIEWER)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void shouldRetryOnlyTheFailedDirectoriesOfAFailedJobKeepingHistory() {
        UUID job = createJob(customer, "starter");
        List<String> failed = failJob(job, 3);

        Api.Response retried = api().post("/api/jobs/" + job + "/retry", TestKeys.STAFF, null);

        assertThat(retried.status()).as(retried.body()).isEqualTo(202);
        assertThat(retried.json().path("status").asString()).isEqualTo("pending");
        assertThat(retried.json().path("attempt").asInt()).isEqualTo(2);
        assertThat(retried.json().path("completedAt").isNull()).isTrue();
        JsonNode progress = retried.json().path("progress");
        assertThat(progress.path("failed").asInt())
                .as("retried directories count as pending")
                .isZero();
        assertThat(progress.path("pending").asInt()).isEqualTo(3);
        assertThat(progress.path("done").asInt()).isEqualTo(47);
        assertThat(progress.path("percent").asInt()).isEqualTo(94);
        assertThat(dispatchDirectories(job)).containsExactlyElementsOf(failed);
        assertThat(plannedDirectories(job)).hasSize(50);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM job_results WHERE job_id = ? AND status = 'failed' AND attempt = 1",
                        Integer.class,
                        job))
                .isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM job_results WHERE job_id = ?", Integer.class, job))
                .isEqualTo(50);
        assertProgressIsTheRecount(job);

        Api.Response again = api().post("/api/jobs/" + job + "/retry", TestKeys.STAFF, null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.detail())
                .isEqualTo("job " + job
                        + " is pending: only a job that has ended (complete, failed or cancelled) can be retried");
    }

    @Test
    void shouldRefuseToRetryAJobThatHasNotEndedOrHasNothingToRetry() {
        UUID running = createJob(customer, "starter");
        jdbc.update("UPDATE jobs SET status = 'in_progress', started_at = now() WHERE id = ?", running);
        UUID allSubmitted = createJob(customer, "starter");
        failJob(allSubmitted, 0);

        Api.Response whileRunning = api().post("/api/jobs/" + running + "/retry", TestKeys.ADMIN, null);
        Api.Response nothingFailed = api().post("/api/jobs/" + allSubmitted + "/retry", TestKeys.ADMIN, null);

        assertThat(whileRunning.status()).isEqualTo(409);
        assertThat(whileRunning.header("Content-Type")).startsWith("application/problem+json");
        assertThat(whileRunning.detail()).contains("is in_progress");
        assertThat(nothingFailed.status()).isEqualTo(409);
        assertThat(nothingFailed.detail()).contains("no directory to retry");
        assertThat(api().post("/api/jobs/" + UUID.randomUUID() + "/retry", TestKeys.ADMIN, null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void shouldCancelAPendingOrRunningJobOnly() {
        UUID pending = createJob(customer, "starter");
        UUID running = createJob(customer, "starter");
        jdbc.update("UPDATE jobs SET status = 'in_progress' WHERE id = ?", running);

        Api.Response first = api().post("/api/jobs/" + pending + "/cancel", TestKeys.STAFF, null);
        Api.Response second = api().post("/api/jobs/" + running + "/cancel", TestKeys.STAFF, null);
        Api.Response again = api().post("/api/jobs/" + pending + "/cancel", TestKeys.STAFF, null);

        assertThat(first.status()).isEqualTo(202);
        assertThat(first.json().path("status").asString()).isEqualTo("cancelled");
        assertThat(first.json().path("completedAt").asString()).isNotBlank();
        assertThat(second.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.detail())
                .isEqualTo("job " + pending + " is cancelled: only a pending or in_progress job can be" + " cancelled");
    }

    @Test
    void shouldLetExactlyOneOfConcurrentCancelsWinWithoutServerErrors() throws Exception {
        UUID job = createJob(customer, "starter");

        List<Integer> statuses = Concurrently.run(
                8,
                () -> api().post("/api/jobs/" + job + "/cancel", TestKeys.STAFF, null)
                        .status());

        assertThat(statuses).containsOnly(202, 409);
        assertThat(statuses).filteredOn(s -> s == 202).hasSize(1);
    }

    @Test
    void shouldNotOverwriteTheProjectorsProgressWhenCancelling() {
        UUID job = createJob(customer, "starter");
        jdbc.update(
                "UPDATE jobs SET status = 'in_progress', progress_submitted = 7, progress_done = 7,"
                        + " progress_percent = 14 WHERE id = ?",
                job);

        api().post("/api/jobs/" + job + "/cancel", TestKeys.STAFF, null);

        assertThat(jdbc.queryForObject("SELECT progress_submitted FROM jobs WHERE id = ?", Integer.class, job))
                .isEqualTo(7);
    }

    @Test
    void shouldCancelARunningJobWhoseProgressKeepsChanging() throws Exception {
        UUID job = createJob(customer, "starter");
        jdbc.update("UPDATE jobs SET status = 'in_progress' WHERE id = ?", job);
        // The projector's writes, as fast as PostgreSQL takes them: each one a new version of the row.
        AtomicBoolean projecting = new AtomicBoolean(true);
        AtomicInteger versions = new AtomicInteger();
        AtomicReference<Throwable> projectorFailure = new AtomicReference<>();
        Thread projector = new Thread(() -> {
            try {
                while (projecting.get()) {
                    versions.addAndGet(jdbc.update(
                            "UPDATE jobs SET progress_submitted = 1 - progress_done, progress_done = 1 - progress_done,"
                                    + " progress_percent = (100 * (1 - progress_done)) / progress_total,"
                                    + " version = version + 1 WHERE id = ? AND status = 'in_progress'",
                            job));
                }
            } catch (RuntimeException e) {
                projectorFailure.set(e);
            }
        });
        projector.start();
        try {
            for (int i = 0; i < 20; i++) {
                Api.Response cancel = api().post("/api/jobs/" + job + "/cancel", TestKeys.STAFF, null);
                assertThat(cancel.status())
                        .as("cancel %d: %s", i, cancel.body())
                        .isEqualTo(202);
                assertThat(cancel.json().path("status").asString()).isEqualTo("cancelled");
                jdbc.update("UPDATE jobs SET status = 'in_progress', completed_at = NULL WHERE id = ?", job);
            }
        } finally {
            projecting.set(false);
            projector.join();
        }
        assertThat(projectorFailure.get()).isNull();
        assertThat(versions.get()).as("the projector's writes meanwhile").isGreaterThan(20);
    }

    private Api.Response explicit(List<String> ids) {
        return api().post(
                        "/api/jobs",
                        TestKeys.STAFF,
                        Map.of("customerId", customer, "packageType", "starter", "directoryIds", ids));
    }

    private static void assertUnprocessable(Api.Response response, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.detail()).contains(detail);
    }

    private UUID createJob(UUID customerId, String packageType, int priority) {
        Map<String, Object> request = new HashMap<>();
        request.put("customerId", customerId);
        request.put("packageType", packageType);
        request.put("priority", priority);
        return UUID.fromString(api().post("/api/jobs", TestKeys.STAFF, request)
                .json()
                .path("id")
                .asString());
    }

    private List<UUID> listed(String query) {
        List<UUID> ids = new ArrayList<>();
        Api.Response response = api().get("/api/jobs" + query, TestKeys.VIEWER);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        response.json()
                .path("items")
                .forEach(j -> ids.add(UUID.fromString(j.path("id").asString())));
        return ids;
    }

    private List<String> dispatchDirectories(UUID jobId) {
        return List.of(jdbc.queryForObject(
                "SELECT dispatch_directory_ids FROM jobs WHERE id = ?",
                (rs, row) -> (String[]) rs.getArray(1).getArray(),
                jobId));
    }

    /** {@code count} directories of {@code category}, authority from {@code topAuthority} down, best first. */
    private List<String> directories(String category, int count, int topAuthority, boolean active) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = unique(category);
            jdbc.update(
                    "INSERT INTO directories (id, name, category, submission_url, submission_method,"
                            + " domain_authority, active) VALUES (?, ?, ?, 'https://d.example/submit', 'json', ?, ?)",
                    id,
                    "Directory " + id,
                    category,
                    topAuthority - i,
                    active);
            ids.add(id);
        }
        return ids;
    }
}
