package com.autobolt.api.lease;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.api.support.Api;
import com.autobolt.api.support.ApiTestSupport;
import com.autobolt.schemas.BusinessProfile;
import com.autobolt.schemas.DirectoryTaskDispatched;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.SubmissionMethod;
import com.autobolt.schemas.SubmissionSpec;
import com.autobolt.schemas.TaskId;
import com.autobolt.testinfra.TestInfrastructure;
import com.autobolt.testinfra.bench.BenchmarkReport;
import com.autobolt.testinfra.postgres.TestDatabase;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Throughput of the lease API (issue 14): 8 HTTP workers, each in a loop of {@code next} (a lease of 10
 * tasks), one {@code update} reporting all 10 results at once (each a result event on a real broker) and
 * {@code complete}, until the queue is empty. The queue is filled as the lease service's follower fills it
 * (rows of {@code external_tasks} holding the claim events), so the figure is the lease API's, not the
 * follower's. Not part of {@code verify}; the command is in job-api's README. Writes
 * {@code bench/results/http-lease.json}: {@code http_lease_tasks_per_s} and {@code http_lease_p99_ms}
 * (a {@code next} call's 99th percentile).
 */
class LeaseBenchmark extends ApiTestSupport {

    private static final TestDatabase DATABASE = TestInfrastructure.postgres().createDatabase();
    private static final int WORKERS = Integer.getInteger("bench.workers", 8);
    private static final int JOBS = Integer.getInteger("bench.jobs", 2_000);
    private static final int TASKS_PER_LEASE = 10;
    private static final String VENDOR = "application/vnd.autobolt.worker.v1+json";
    private static final List<String> KEYS = java.util.stream.IntStream.range(0, WORKERS)
            .mapToObj(i -> "bench-worker-key-" + i + "-0123456789")
            .toList();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        configure(registry, DATABASE);
        StringBuilder keys = new StringBuilder(com.autobolt.api.support.TestKeys.CONFIGURATION);
        for (int i = 0; i < WORKERS; i++) {
            keys.append(",worker:bench-").append(i).append(':').append(KEYS.get(i));
        }
        registry.add("autobolt.security.api-keys", keys::toString);
    }

    @Test
    void measureLeaseThroughput() throws Exception {
        fillQueue();
        long tasks = (long) JOBS * TASKS_PER_LEASE;
        List<Long> nextNanos = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong reported = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        long started = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (String key : KEYS) {
                workers.add(pool.submit(() -> {
                    work(key, nextNanos, reported);
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(30, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(reported.get()).isEqualTo(tasks);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM external_tasks WHERE state = 'done'", Long.class))
                .isEqualTo(tasks);
        long[] sorted = nextNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        double p99 = sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1e6;
        double perSecond = tasks / seconds;
        new BenchmarkReport("http-lease")
                .figure("http_lease_tasks_per_s", perSecond, "tasks/s")
                .figure("http_lease_p99_ms", p99, "ms")
                .write();
        System.out.printf(
                "http_lease_tasks_per_s = %.1f (%d tasks in %.1f s, %d workers), http_lease_p99_ms = %.1f%n",
                perSecond, tasks, seconds, WORKERS, p99);
    }

    private void work(String key, List<Long> nextNanos, AtomicLong reported) {
        Api api = api();
        while (true) {
            long before = System.nanoTime();
            Api.Response lease = send(api, "/api/autobolt/jobs/next?maxTasks=" + TASKS_PER_LEASE, key, null);
            nextNanos.add(System.nanoTime() - before);
            if (lease.status() == 204) {
                return;
            }
            assertThat(lease.status()).as(lease.body()).isEqualTo(200);
            JsonNode body = lease.json();
            String leaseId = body.path("leaseId").asString();
            List<Map<String, String>> results = new ArrayList<>();
            for (JsonNode task : body.path("tasks")) {
                String directory = task.path("directoryId").asString();
                results.add(Map.of(
                        "directoryId",
                        directory,
                        "status",
                        "submitted",
                        "listingUrl",
                        "https://listings.example/" + directory));
            }
            Api.Response update = send(
                    api,
                    "/api/autobolt/jobs/update",
                    key,
                    Api.JSON.writeValueAsString(Map.of("leaseId", leaseId, "results", results)));
            assertThat(update.status()).as(update.body()).isEqualTo(200);
            Api.Response complete = send(
                    api,
                    "/api/autobolt/jobs/complete",
                    key,
                    Api.JSON.writeValueAsString(Map.of("leaseId", leaseId, "unfinished", "requeue")));
            assertThat(complete.status()).as(complete.body()).isEqualTo(200);
            reported.addAndGet(results.size());
        }
    }

    private static Api.Response send(Api api, String path, String key, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri(path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", VENDOR)
                .header("X-Api-Key", key)
                .POST(
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", VENDOR);
        }
        return api.send(request.build());
    }

    /** {@link #JOBS} jobs of 10 external directories each, their tasks recorded as the follower records them. */
    private void fillQueue() {
        UUID customer = createCustomer("legal");
        BusinessProfile profile = new BusinessProfile(
                "Harbor Bakery", "hello@harbor.example", null, null, null, null, null, null, null, null, null);
        Instant now = Instant.now();
        for (int j = 0; j < JOBS; j++) {
            UUID job = UUID.randomUUID();
            String[] directories = new String[TASKS_PER_LEASE];
            Arrays.setAll(directories, i -> "bench-dir-" + i);
            jdbc.update(connection -> {
                var insert = connection.prepareStatement(
                        "INSERT INTO jobs (id, customer_id, package_type, directory_count, priority, status,"
                                + " planned_directory_ids, dispatch_directory_ids, business_profile, progress_total)"
                                + " VALUES (?, ?, 'starter', ?, 3, 'pending', ?, ?, ?::jsonb, ?)");
                insert.setObject(1, job);
                insert.setObject(2, customer);
                insert.setInt(3, TASKS_PER_LEASE);
                insert.setArray(4, connection.createArrayOf("text", directories));
                insert.setArray(5, connection.createArrayOf("text", directories));
                insert.setString(6, "{\"businessName\": \"Harbor Bakery\"}");
                insert.setInt(7, TASKS_PER_LEASE);
                return insert;
            });
            List<Object[]> rows = new ArrayList<>();
            for (String directory : directories) {
                TaskId task = new TaskId(job, directory, 1);
                DirectoryTaskDispatched claim = DirectoryTaskDispatched.of(
                        task,
                        UUID.randomUUID(),
                        3,
                        profile,
                        new SubmissionSpec(
                                directory,
                                "Directory " + directory,
                                "https://directory.example/submit",
                                SubmissionMethod.FORM,
                                Map.of("businessName", "company"),
                                0,
                                false,
                                true),
                        now);
                rows.add(new Object[] {
                    task.toString(),
                    job,
                    directory,
                    new String(EventJson.write(claim), StandardCharsets.UTF_8),
                    Timestamp.from(now.plusMillis(j))
                });
            }
            jdbc.batchUpdate(
                    "INSERT INTO external_tasks (task_id, job_id, directory_id, attempt, priority, claim, dispatched_at)"
                            + " VALUES (?, ?, ?, 1, 3, ?::jsonb, ?)",
                    rows);
        }
    }
}
