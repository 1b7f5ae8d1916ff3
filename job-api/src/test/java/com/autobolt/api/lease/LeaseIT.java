package com.autobolt.api.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.api.support.Api;
import com.autobolt.api.support.ApiTestSupport;
import com.autobolt.api.support.Concurrently;
import com.autobolt.api.support.TestKeys;
import com.autobolt.api.support.TopicsReader;
import com.autobolt.schemas.BusinessProfile;
import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.DirectoryTaskDispatched;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.MessageKeys;
import com.autobolt.schemas.ResultStatus;
import com.autobolt.schemas.SubmissionMethod;
import com.autobolt.schemas.SubmissionSpec;
import com.autobolt.schemas.TaskId;
import com.autobolt.testinfra.TestInfrastructure;
import com.autobolt.testinfra.metrics.PrometheusText;
import com.autobolt.testinfra.postgres.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The lease service end to end: claim events published to a real Kafka topic, recorded by the follower in
 * a real PostgreSQL, leased and reported over HTTP in both shapes, results read back from the results topic.
 */
class LeaseIT extends ApiTestSupport {

    private static final TestDatabase DATABASE = TestInfrastructure.postgres().createDatabase();
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String TASKS_TOPIC = "lease-it-tasks-" + SUFFIX;
    private static final String RESULTS_TOPIC = "lease-it-results-" + SUFFIX;
    private static final Duration LEASE = Duration.ofSeconds(3);
    static final String VENDOR = "application/vnd.autobolt.worker.v1+json";
    static final String WORKER_A = "test-worker-a-key-0123456789";
    static final String WORKER_B = "test-worker-b-key-0123456789";

    private static KafkaProducer<String, byte[]> producer;
    private static TopicsReader results;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        configure(registry, DATABASE);
        registry.add(
                "autobolt.security.api-keys",
                () -> TestKeys.CONFIGURATION + ",worker:scanner-a:" + WORKER_A + ",worker:scanner-b:" + WORKER_B);
        registry.add("autobolt.lease.external-tasks-topic", () -> TASKS_TOPIC);
        registry.add("autobolt.lease.results-topic", () -> RESULTS_TOPIC);
        registry.add("autobolt.lease.duration", () -> LEASE.toMillis() + "ms");
        registry.add("autobolt.lease.max-leases-per-worker", () -> "2");
    }

    @BeforeAll
    static void topics() throws Exception {
        String bootstrap = TestInfrastructure.kafka().bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(
                            List.of(new NewTopic(TASKS_TOPIC, 2, (short) 1), new NewTopic(RESULTS_TOPIC, 2, (short) 1)))
                    .all()
                    .get();
        }
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        results = new TopicsReader(bootstrap, List.of(RESULTS_TOPIC));
    }

    @AfterAll
    static void close() {
        producer.close();
        results.close();
    }

    /** Each test starts with an empty queue and no open lease: what one test leaves waiting is not another's. */
    @BeforeEach
    void emptyQueue() {
        jdbc.update("UPDATE external_tasks SET state = 'done', result_status = 'skipped' WHERE state <> 'done'");
        jdbc.update("UPDATE external_leases SET ended_at = now() WHERE ended_at IS NULL");
    }

    // --- leasing ---

    @Test
    void shouldNeverGiveTwoConcurrentWorkersTheSameTask() throws Exception {
        UUID job = externalJob(20, 3);
        String[] keys = {WORKER_A, WORKER_B};
        AtomicInteger turn = new AtomicInteger();

        List<JsonNode> leases = Concurrently.run(2, () -> {
            String key = keys[turn.getAndIncrement() % 2];
            return next(key, 10).json();
        });

        Set<String> taskIds = new HashSet<>();
        int total = 0;
        for (JsonNode lease : leases) {
            assertThat(lease.path("jobId").asString()).isEqualTo(job.toString());
            for (JsonNode task : lease.path("tasks")) {
                taskIds.add(task.path("taskId").asString());
                total++;
            }
        }
        assertThat(total).isEqualTo(20);
        assertThat(taskIds).hasSize(20);
        assertThat(jdbc.queryForObject(
                        "SELECT count(DISTINCT worker_name) FROM external_leases WHERE job_id = ?", Integer.class, job))
                .isEqualTo(2);
        // Each leased task is shown claimed by the worker that holds it.
        List<DirectoryResultReported> claimed = resultsOf(job, 20);
        assertThat(claimed).allMatch(r -> r.status() == ResultStatus.CLAIMED);
        assertThat(claimed).extracting(DirectoryResultReported::workerId).containsOnly("scanner-a", "scanner-b");
        completeAll(leases, "scanner");
    }

    @Test
    void shouldLeaseTheHighestPriorityThenOldestJobFirstAndSayWhenNothingWaits() {
        UUID low = externalJob(1, 4);
        UUID high = externalJob(1, 1);

        JsonNode first = next(WORKER_A, 10).json();
        JsonNode second = next(WORKER_A, 10).json();

        assertThat(first.path("jobId").asString()).isEqualTo(high.toString());
        assertThat(first.path("priority").asInt()).isEqualTo(1);
        assertThat(second.path("jobId").asString()).isEqualTo(low.toString());
        JsonNode task = first.path("tasks").get(0);
        assertThat(task.path("category").asString()).isEqualTo("legal");
        assertThat(task.path("requiresCaptcha").asBoolean()).isTrue();
        assertThat(task.path("fieldMapping").path("businessName").asString()).isEqualTo("company");
        assertThat(first.path("business").path("businessName").asString()).isEqualTo("Harbor Bakery");
        // The worker holds its 2 leases now: a third request is refused until one ends.
        Api.Response third = next(WORKER_A, 10);
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.header("Content-Type")).startsWith("application/problem+json");
        complete(WORKER_A, first.path("leaseId").asString(), "requeue");
        complete(WORKER_A, second.path("leaseId").asString(), "fail");
        // The first job's task waits again, the second's failed: one left, then none.
        assertThat(next(WORKER_B, 10).json().path("jobId").asString()).isEqualTo(high.toString());
        Api.Response none = next(WORKER_A, 10);
        assertThat(none.status()).isEqualTo(204);
        assertThat(none.body()).isEmpty();
    }

    @Test
    void shouldReportResultsAsResultEventsAndExtendTheLease() throws Exception {
        UUID job = externalJob(3, 2);
        JsonNode lease = next(WORKER_A, 10).json();
        String leaseId = lease.path("leaseId").asString();
        List<String> directories = directoriesOf(lease);
        Instant firstExpiry = Instant.parse(lease.path("expiresAt").asString());
        Thread.sleep(1_100);

        Api.Response heartbeat = update(WORKER_A, Map.of("leaseId", leaseId, "results", List.of()));
        Api.Response report = update(
                WORKER_A,
                Map.of(
                        "leaseId",
                        leaseId,
                        "results",
                        List.of(
                                Map.of(
                                        "directoryId",
                                        directories.get(0),
                                        "status",
                                        "submitted",
                                        "listingUrl",
                                        "https://directory.example/listing/1"),
                                Map.of(
                                        "directoryId",
                                        directories.get(1),
                                        "status",
                                        "failed",
                                        "errorCode",
                                        "rejected",
                                        "reason",
                                        "site said no"))));
        Api.Response again = update(
                WORKER_A,
                Map.of(
                        "leaseId",
                        leaseId,
                        "results",
                        List.of(Map.of("directoryId", directories.get(0), "status", "submitted"))));

        assertThat(heartbeat.status()).isEqualTo(200);
        assertThat(heartbeat.header("Content-Type")).startsWith(VENDOR);
        assertThat(Instant.parse(heartbeat.json().path("expiresAt").asString())).isAfter(firstExpiry);
        assertThat(report.status()).as(report.body()).isEqualTo(200);
        assertThat(report.json().path("accepted").toString()).contains(directories.get(0), directories.get(1));
        assertThat(report.json().path("remaining").get(0).asString()).isEqualTo(directories.get(2));
        assertThat(again.status())
                .as("a duplicate report is refused and changes nothing")
                .isEqualTo(409);
        List<DirectoryResultReported> terminal = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> resultsOf(job, 0).stream()
                                .filter(r -> r.status().isTerminal())
                                .toList(),
                        list -> list.size() >= 2);
        Thread.sleep(500);
        assertThat(resultsOf(job, 0).stream().filter(r -> r.status().isTerminal()))
                .hasSize(2);
        DirectoryResultReported submitted = terminal.stream()
                .filter(r -> r.status() == ResultStatus.SUBMITTED)
                .findFirst()
                .orElseThrow();
        assertThat(submitted.listingUrl()).isEqualTo("https://directory.example/listing/1");
        assertThat(submitted.workerId()).isEqualTo("scanner-a");
        assertThat(submitted.taskId()).isEqualTo(new TaskId(job, directories.get(0), 1).toString());
        DirectoryResultReported failed = terminal.stream()
                .filter(r -> r.status() == ResultStatus.FAILED)
                .findFirst()
                .orElseThrow();
        assertThat(failed.errorCode()).isEqualTo("rejected");
        assertThat(failed.errorMessage()).isEqualTo("site said no");
        complete(WORKER_A, leaseId, "requeue");
    }

    @Test
    void shouldGiveTheTasksOfAnExpiredLeaseToAnotherWorkerAndRefuseTheLateReport() throws Exception {
        UUID job = externalJob(2, 5);
        JsonNode first = next(WORKER_A, 10).json();
        String directory = directoriesOf(first).get(0);
        Thread.sleep(LEASE.plusMillis(500).toMillis());

        JsonNode second = next(WORKER_B, 10).json();
        Api.Response late = update(
                WORKER_A,
                Map.of(
                        "leaseId",
                        first.path("leaseId").asString(),
                        "results",
                        List.of(Map.of("directoryId", directory, "status", "submitted"))));

        assertThat(second.path("jobId").asString()).isEqualTo(job.toString());
        assertThat(directoriesOf(second)).containsExactlyInAnyOrderElementsOf(directoriesOf(first));
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.detail()).contains("expired");
        Thread.sleep(500);
        assertThat(resultsOf(job, 0)).noneMatch(r -> r.status().isTerminal());
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM external_tasks WHERE job_id = ? AND state = 'done'", Integer.class, job))
                .isZero();
        PrometheusText scrape = PrometheusText.of(
                api().get("/actuator/prometheus", TestKeys.ADMIN).body());
        assertThat(scrape.value("autobolt_external_late_reports_total")).isGreaterThanOrEqualTo(1);
        assertThat(scrape.value("autobolt_external_leases_granted_total")).isGreaterThanOrEqualTo(2);
        assertThat(scrape.value("autobolt_external_tasks_leased_total")).isGreaterThanOrEqualTo(4);
        assertThat(scrape.has("autobolt_external_tasks_waiting")).isTrue();
        assertThat(scrape.has("autobolt_external_results_reported_total")).isTrue();
        complete(WORKER_B, second.path("leaseId").asString(), "requeue");
    }

    @Test
    void shouldSkipTheTasksOfACancelledJobInsteadOfHandingThemOut() throws Exception {
        UUID job = externalJob(2, 1);
        jdbc.update("UPDATE jobs SET status = 'cancelled', completed_at = now() WHERE id = ?", job);

        Api.Response next = next(WORKER_B, 10);

        assertThat(next.json().path("jobId").asString()).isNotEqualTo(job.toString());
        List<DirectoryResultReported> skipped =
                await().atMost(Duration.ofSeconds(30)).until(() -> resultsOf(job, 0), list -> list.size() >= 2);
        assertThat(skipped)
                .allMatch(
                        r -> r.status() == ResultStatus.SKIPPED && r.errorCode().equals("job_cancelled"));
        if (next.status() == 200) {
            complete(WORKER_B, next.json().path("leaseId").asString(), "requeue");
        }
    }

    @Test
    void shouldRecordAReSentClaimOnceAndDeadLetterAClaimOfAnUnknownJob() throws Exception {
        UUID job = externalJob(1, 3);
        String directory =
                jdbc.queryForObject("SELECT directory_id FROM external_tasks WHERE job_id = ?", String.class, job);
        publishClaim(job, directory, 3);
        UUID unknownJob = UUID.randomUUID();
        publishClaim(unknownJob, directory, 3);
        TopicsReader deadLetters =
                new TopicsReader(TestInfrastructure.kafka().bootstrapServers(), List.of(TASKS_TOPIC + ".dlt"));
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> deadLetters.records(TASKS_TOPIC + ".dlt"), list -> !list.isEmpty());
            assertThat(new String(deadLetters
                            .records(TASKS_TOPIC + ".dlt")
                            .get(0)
                            .headers()
                            .lastHeader("autobolt-dlt-reason")
                            .value()))
                    .contains("does not exist");
        } finally {
            deadLetters.close();
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM external_tasks WHERE job_id = ?", Integer.class, job))
                .isEqualTo(1);
    }

    // --- bad input: 4xx, nothing applied ---

    @Test
    void shouldRefuseBadReportsAndApplyNothing() {
        externalJob(2, 2);
        JsonNode lease = next(WORKER_A, 10).json();
        String leaseId = lease.path("leaseId").asString();
        String directory = directoriesOf(lease).get(0);

        Api.Response unknownLease =
                update(WORKER_A, Map.of("leaseId", UUID.randomUUID().toString()));
        Api.Response wrongWorker = update(WORKER_B, Map.of("leaseId", leaseId));
        Api.Response unknownDirectory = update(
                WORKER_A,
                Map.of(
                        "leaseId",
                        leaseId,
                        "results",
                        List.of(
                                Map.of("directoryId", directory, "status", "submitted"),
                                Map.of("directoryId", "not-leased", "status", "submitted"))));
        Api.Response badStatus = update(
                WORKER_A,
                Map.of("leaseId", leaseId, "results", List.of(Map.of("directoryId", directory, "status", "done"))));
        Api.Response longReason = update(
                WORKER_A,
                Map.of(
                        "leaseId",
                        leaseId,
                        "results",
                        List.of(Map.of("directoryId", directory, "status", "failed", "reason", "x".repeat(2001)))));
        Api.Response badUrl = update(
                WORKER_A,
                Map.of(
                        "leaseId",
                        leaseId,
                        "results",
                        List.of(Map.of(
                                "directoryId",
                                directory,
                                "status",
                                "submitted",
                                "listingUrl",
                                "javascript:alert(1)"))));
        Api.Response notJson = send("POST", "/api/autobolt/jobs/update", WORKER_A, "{\"leaseId\":", VENDOR, VENDOR);
        Api.Response huge = send(
                "POST",
                "/api/autobolt/jobs/update",
                WORKER_A,
                "{\"leaseId\":\"" + leaseId + "\",\"pad\":\"" + "x".repeat(2_000_000) + "\"}",
                VENDOR,
                VENDOR);
        Api.Response badMaxTasks = send("GET", "/api/autobolt/jobs/next?maxTasks=51", WORKER_A, null, null, VENDOR);

        assertThat(unknownLease.status()).isEqualTo(409);
        assertThat(wrongWorker.status()).isEqualTo(409);
        assertThat(wrongWorker.detail()).contains("another worker");
        assertThat(unknownDirectory.status()).isEqualTo(409);
        assertThat(unknownDirectory.detail()).contains("not-leased");
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(longReason.status()).isEqualTo(400);
        assertThat(badUrl.status()).isEqualTo(400);
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(huge.status()).isEqualTo(413);
        assertThat(badMaxTasks.status()).isEqualTo(400);
        for (Api.Response refused :
                List.of(unknownLease, wrongWorker, unknownDirectory, badStatus, longReason, badUrl, notJson)) {
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM external_tasks WHERE lease_id = ?::uuid AND state = 'leased'",
                        Integer.class,
                        leaseId))
                .as("nothing applied")
                .isEqualTo(2);
        complete(WORKER_A, leaseId, "requeue");
    }

    // --- roles ---

    @Test
    void shouldLetOnlyWorkersLeaseAndOnlyStaffRecordByHand() {
        UUID job = externalJob(1, 5);
        String directory =
                jdbc.queryForObject("SELECT directory_id FROM external_tasks WHERE job_id = ?", String.class, job);
        for (String key : List.of(TestKeys.ADMIN, TestKeys.STAFF, TestKeys.VIEWER)) {
            assertThat(send("GET", "/api/autobolt/jobs/next", key, null, null, VENDOR)
                            .status())
                    .isEqualTo(403);
            assertThat(send("POST", "/api/autobolt/jobs/update", key, "{}", VENDOR, VENDOR)
                            .status())
                    .isEqualTo(403);
            assertThat(send("POST", "/api/autobolt/jobs/complete", key, "{}", VENDOR, VENDOR)
                            .status())
                    .isEqualTo(403);
        }
        assertThat(send("GET", "/api/autobolt/jobs/next", null, null, null, VENDOR)
                        .status())
                .isEqualTo(401);
        Map<String, Object> manual = Map.of("status", "submitted", "listingUrl", "https://directory.example/by-hand");
        String path = "/api/jobs/" + job + "/results/" + directory;
        assertThat(api().post(path, TestKeys.VIEWER, manual).status()).isEqualTo(403);
        assertThat(api().post(path, WORKER_A, manual).status()).isEqualTo(403);
        assertThat(api().post(path, null, manual).status()).isEqualTo(401);
        assertThat(api().get("/api/jobs", WORKER_A).status()).isEqualTo(403);
        assertThat(api().get("/api/me", WORKER_A).status()).isEqualTo(200);

        Api.Response recorded = api().post(path, TestKeys.STAFF, manual);

        assertThat(recorded.status()).as(recorded.body()).isEqualTo(202);
        assertThat(recorded.json().path("taskId").asString()).isEqualTo(job + ":" + directory + ":1");
        DirectoryResultReported result = await().atMost(Duration.ofSeconds(30))
                .until(() -> resultsOf(job, 0), list -> !list.isEmpty())
                .get(0);
        assertThat(result.status()).isEqualTo(ResultStatus.SUBMITTED);
        assertThat(result.workerId()).isEqualTo("staff-1");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_log WHERE action = 'result.recorded' AND target_id = ?",
                        Integer.class,
                        job.toString()))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT state FROM external_tasks WHERE job_id = ?", String.class, job))
                .as("no worker is handed a task recorded by hand")
                .isEqualTo("done");
        // Already submitted: refused. An unknown directory of the job: refused.
        jdbc.update(
                "INSERT INTO job_results (job_id, directory_id, status, attempt) VALUES (?, ?, 'submitted', 1)",
                job,
                directory);
        assertThat(api().post(path, TestKeys.ADMIN, manual).status()).isEqualTo(409);
        assertThat(api().post("/api/jobs/" + job + "/results/not-in-job", TestKeys.STAFF, manual)
                        .status())
                .isEqualTo(409);
    }

    // --- the replaced system's shape ---

    @Test
    void shouldServeTheReplacedSystemsWorkersInTheirOwnShape() throws Exception {
        UUID job = externalJob(3, 1);
        Map<String, String> legacyHeaders = Map.of("X-Worker-ID", "playwright-worker", "Accept", "application/json");

        Api.Response next = api().send("GET", "/api/autobolt/jobs/next", null, null, withKey(legacyHeaders, WORKER_A));

        assertThat(next.status()).as(next.body()).isEqualTo(200);
        JsonNode envelope = next.json();
        assertThat(envelope.path("success").asBoolean()).isTrue();
        JsonNode data = envelope.path("data");
        for (String field : List.of(
                "jobId",
                "customerId",
                "customerName",
                "customerEmail",
                "packageType",
                "directoryLimit",
                "priorityLevel",
                "status",
                "createdAt",
                "startedAt",
                "businessData",
                "metadata")) {
            assertThat(data.has(field)).as(field).isTrue();
        }
        assertThat(data.path("jobId").asString()).isEqualTo(job.toString());
        assertThat(data.path("status").asString()).isEqualTo("in_progress");
        assertThat(data.path("priorityLevel").asInt()).isEqualTo(1);
        assertThat(data.path("businessData").path("business_name").asString()).isNotEmpty();
        assertThat(data.path("directories")).hasSize(3);
        assertThat(jdbc.queryForObject(
                        "SELECT worker_label FROM external_leases WHERE id = ?::uuid",
                        String.class,
                        data.path("leaseId").asString()))
                .isEqualTo("playwright-worker");
        List<String> names = new ArrayList<>();
        data.path("directories").forEach(d -> names.add(d.path("directoryName").asString()));

        Map<String, Object> update = new LinkedHashMap<>();
        update.put("jobId", job.toString());
        update.put(
                "directoryResults",
                List.of(
                        Map.of(
                                "directoryName",
                                names.get(0),
                                "status",
                                "approved",
                                "listingUrl",
                                "https://directory.example/l/9"),
                        Map.of(
                                "directoryName",
                                names.get(1).toUpperCase(),
                                "status",
                                "rejected",
                                "rejectionReason",
                                "r".repeat(5000)),
                        Map.of("directoryName", names.get(2), "status", "processing")));
        Api.Response updated =
                api().send("POST", "/api/autobolt/jobs/update", null, update, withKey(legacyHeaders, null));
        Api.Response unknown = api().send(
                        "POST",
                        "/api/autobolt/jobs/update",
                        null,
                        Map.of(
                                "jobId",
                                job.toString(),
                                "directoryResults",
                                List.of(Map.of("directoryName", "Nowhere", "status", "approved"))),
                        withKey(legacyHeaders, null));
        Api.Response badStatusWord = api().send(
                        "POST",
                        "/api/autobolt/jobs/update",
                        null,
                        Map.of(
                                "jobId",
                                job.toString(),
                                "directoryResults",
                                List.of(Map.of("directoryName", names.get(2), "status", "maybe"))),
                        withKey(legacyHeaders, null));
        Api.Response noJobId =
                api().send("POST", "/api/autobolt/jobs/update", null, Map.of(), withKey(legacyHeaders, null));
        Api.Response badFinal = api().send(
                        "POST",
                        "/api/autobolt/jobs/complete",
                        null,
                        Map.of("jobId", job.toString(), "finalStatus", "sideways"),
                        withKey(legacyHeaders, null));
        Api.Response completed = api().send(
                        "POST",
                        "/api/autobolt/jobs/complete",
                        null,
                        Map.of("jobId", job.toString(), "finalStatus", "completed"),
                        withKey(legacyHeaders, null));

        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().path("success").asBoolean()).isTrue();
        assertThat(unknown.status()).isEqualTo(409);
        assertThat(unknown.json().path("success").asBoolean()).isFalse();
        assertThat(unknown.json().path("error").asString()).contains("Nowhere");
        assertThat(badStatusWord.status()).isEqualTo(400);
        assertThat(badStatusWord.json().path("success").asBoolean()).isFalse();
        assertThat(noJobId.status()).isEqualTo(400);
        assertThat(noJobId.json().path("error").asString()).isEqualTo("jobId is required");
        assertThat(badFinal.status()).isEqualTo(400);
        assertThat(badFinal.json().path("error").asString()).isEqualTo("finalStatus is invalid");
        assertThat(completed.status()).isEqualTo(200);
        assertThat(completed.json().path("data").path("requeued")).hasSize(1);
        List<DirectoryResultReported> terminal = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> resultsOf(job, 0).stream()
                                .filter(r -> r.status().isTerminal())
                                .toList(),
                        list -> list.size() >= 2);
        assertThat(terminal)
                .extracting(DirectoryResultReported::status)
                .containsExactlyInAnyOrder(ResultStatus.SUBMITTED, ResultStatus.FAILED);
        assertThat(terminal).allMatch(r -> r.workerId().equals("scanner-a"));
        assertThat(terminal.stream()
                        .filter(r -> r.status() == ResultStatus.FAILED)
                        .findFirst()
                        .orElseThrow()
                        .errorMessage())
                .hasSize(DirectoryResultReported.MAX_ERROR_MESSAGE_LENGTH);
        // X-API-Key works as well as Bearer, and an empty queue answers in the envelope.
        Api.Response empty = api().send("GET", "/api/autobolt/jobs/next", null, null, Map.of("X-API-Key", WORKER_B));
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.json().path("success").asBoolean()).isTrue();
        if (empty.json().path("data").isNull()) {
            assertThat(empty.json().path("message").asString()).isEqualTo("No jobs currently in queue");
        } else {
            complete(WORKER_B, empty.json().path("data").path("leaseId").asString(), "requeue");
        }
    }

    // --- helpers ---

    private static Map<String, String> withKey(Map<String, String> headers, String key) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Authorization", "Bearer " + (key == null ? WORKER_A : key));
        return all;
    }

    private Api.Response next(String key, int maxTasks) {
        return send("POST", "/api/autobolt/jobs/next?maxTasks=" + maxTasks, key, null, null, VENDOR);
    }

    private Api.Response update(String key, Map<String, ?> body) {
        return send("POST", "/api/autobolt/jobs/update", key, Api.JSON.writeValueAsString(body), VENDOR, VENDOR);
    }

    private Api.Response complete(String key, String leaseId, String unfinished) {
        Api.Response response = send(
                "POST",
                "/api/autobolt/jobs/complete",
                key,
                Api.JSON.writeValueAsString(Map.of("leaseId", leaseId, "unfinished", unfinished)),
                VENDOR,
                VENDOR);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response;
    }

    private void completeAll(List<JsonNode> leases, String unused) {
        String[] keys = {WORKER_A, WORKER_B};
        for (JsonNode lease : leases) {
            for (String key : keys) {
                send(
                        "POST",
                        "/api/autobolt/jobs/complete",
                        key,
                        Api.JSON.writeValueAsString(
                                Map.of("leaseId", lease.path("leaseId").asString())),
                        VENDOR,
                        VENDOR);
            }
        }
    }

    private Api.Response send(String method, String path, String key, String body, String contentType, String accept) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (accept != null) {
            headers.put("Accept", accept);
        }
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        var request = java.net.http.HttpRequest.newBuilder(api().uri(path))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null
                                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                                : java.net.http.HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        if (key != null) {
            request.header("X-API-Key", key);
        }
        return api().send(request.build());
    }

    private static List<String> directoriesOf(JsonNode lease) {
        List<String> ids = new ArrayList<>();
        lease.path("tasks").forEach(task -> ids.add(task.path("directoryId").asString()));
        return ids;
    }

    /** A job of {@code count} external directories whose claims the dispatcher published; recorded when this returns. */
    private UUID externalJob(int count, int priority) {
        List<String> directories = insertDirectories(count, "legal", 50);
        directories.forEach(id -> jdbc.update(
                "UPDATE directories SET requires_captcha = true, execution_mode = 'external', field_mapping ="
                        + " '{\"businessName\": \"company\"}'::jsonb WHERE id = ?",
                id));
        UUID customer = createCustomer("legal");
        UUID job = UUID.randomUUID();
        // As job-api writes a job with exactly these directories (a package's count is larger than a test needs).
        jdbc.update(connection -> {
            var insert = connection.prepareStatement(
                    "INSERT INTO jobs (id, customer_id, package_type, directory_count, priority, status,"
                            + " planned_directory_ids, dispatch_directory_ids, business_profile, progress_total)"
                            + " VALUES (?, ?, 'starter', ?, ?, 'pending', ?, ?, ?::jsonb, ?)");
            insert.setObject(1, job);
            insert.setObject(2, customer);
            insert.setInt(3, count);
            insert.setInt(4, priority);
            insert.setArray(5, connection.createArrayOf("text", directories.toArray()));
            insert.setArray(6, connection.createArrayOf("text", directories.toArray()));
            insert.setString(7, "{\"businessName\": \"Harbor Bakery\", \"email\": \"hello@harbor.example\"}");
            insert.setInt(8, count);
            return insert;
        });
        for (String directory : directories) {
            publishClaim(job, directory, priority);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        jdbc.queryForObject("SELECT count(*) FROM external_tasks WHERE job_id = ?", Integer.class, job)
                                == count);
        return job;
    }

    private static void publishClaim(UUID job, String directory, int priority) {
        DirectoryTaskDispatched claim = DirectoryTaskDispatched.of(
                new TaskId(job, directory, 1),
                UUID.randomUUID(),
                priority,
                new BusinessProfile(
                        "Harbor Bakery", "hello@harbor.example", null, null, null, null, null, null, null, null, null),
                new SubmissionSpec(
                        directory,
                        "Directory " + directory,
                        "https://directory.example/submit",
                        SubmissionMethod.FORM,
                        Map.of("businessName", "company"),
                        0,
                        false,
                        true),
                Instant.now());
        try {
            producer.send(new ProducerRecord<>(TASKS_TOPIC, MessageKeys.directory(directory), EventJson.write(claim)))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The results of the job read so far; at least {@code atLeast} of them, waiting for them when asked. */
    private static List<DirectoryResultReported> resultsOf(UUID job, int atLeast) {
        List<DirectoryResultReported> read = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 30_000;
        do {
            read = results.records(RESULTS_TOPIC).stream()
                    .filter(r -> r.key().equals(job.toString()))
                    .map(r -> EventJson.read(r.value(), DirectoryResultReported.class))
                    .toList();
        } while (read.size() < atLeast && System.currentTimeMillis() < deadline);
        return read;
    }
}
