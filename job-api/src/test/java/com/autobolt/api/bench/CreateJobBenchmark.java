package com.autobolt.api.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.api.support.Api;
import com.autobolt.api.support.ApiTestSupport;
import com.autobolt.api.support.TestKeys;
import com.autobolt.testinfra.TestInfrastructure;
import com.autobolt.testinfra.bench.BenchmarkReport;
import com.autobolt.testinfra.postgres.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Throughput of {@code POST /api/jobs} over real HTTP on a real PostgreSQL: several clients create
 * starter jobs (50 directories planned from a 600-directory catalog, profile snapshot, an
 * Idempotency-Key each) for a fixed time: one a request with 4 clients and with 16, then 16 clients
 * sending batches ({@code POST /api/jobs/batch}). Not part of {@code verify}: its name matches neither
 * {@code *Test} nor {@code *IT}; the command is in job-api's README. Writes
 * {@code bench/results/create-job.json} at the repository root.
 */
class CreateJobBenchmark extends ApiTestSupport {

    private static final TestDatabase DATABASE = TestInfrastructure.postgres().createDatabase();
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("bench.warmupSeconds", 10));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.seconds", 30));
    /** A few callers, then a burst (a storefront after a sale, an importer) from many at once. */
    private static final List<Integer> CLIENT_COUNTS = List.of(4, 16);
    /** Jobs a request of the batch phase: an importer's or a storefront's burst sent as POST /api/jobs/batch. */
    private static final int BATCH_SIZE = Integer.getInteger("bench.batchSize", 50);

    private static final List<String> CATEGORIES = List.of("plumbing", "bakery", "legal", "dental", "retail", "auto");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        configure(registry, DATABASE);
    }

    @Test
    void measureCreateJobThroughput() throws Exception {
        for (String category : CATEGORIES) {
            insertDirectories(100, category, ThreadLocalRandom.current().nextInt(10, 90));
        }
        List<UUID> customers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            customers.add(createCustomer(CATEGORIES.get(i % CATEGORIES.size())));
        }

        int burst = CLIENT_COUNTS.get(CLIENT_COUNTS.size() - 1);
        createFor(WARM_UP, customers, burst, 1);
        BenchmarkReport report = new BenchmarkReport("create-job");
        for (int clients : CLIENT_COUNTS) {
            measure(
                    report,
                    customers,
                    clients,
                    1,
                    clients == 4 ? "create_job_per_s" : "create_job_per_s_" + clients + "_clients");
        }
        // Warmed up only now: its tens of thousands of rows, and the autovacuum they start, would slow the
        // single creations measured above.
        createFor(WARM_UP, customers, burst, BATCH_SIZE);
        measure(report, customers, burst, BATCH_SIZE, "create_job_batch_per_s_" + burst + "_clients");
        report.figure("create_job_batch_size", BATCH_SIZE, "jobs");
        report.write();
    }

    private void measure(BenchmarkReport report, List<UUID> customers, int clients, int batchSize, String figure)
            throws Exception {
        int jobsBefore = count("jobs");
        long started = System.nanoTime();
        long created = createFor(MEASURE, customers, clients, batchSize);
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(count("jobs") - jobsBefore).isEqualTo(created);
        double perSecond = created / seconds;
        report.figure(figure, perSecond, "jobs/s");
        System.out.printf(
                "%s = %.1f (%d jobs in %.1f s, %d clients, %d a request)%n",
                figure, perSecond, created, seconds, clients, batchSize);
    }

    /**
     * Creates jobs from {@code clientCount} threads until {@code duration} has passed, one a request
     * ({@code POST /api/jobs}) or {@code batchSize} a request ({@code POST /api/jobs/batch}); every
     * answer must be 201.
     */
    private long createFor(Duration duration, List<UUID> customers, int clientCount, int batchSize) throws Exception {
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicLong created = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clientCount);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < clientCount; c++) {
                clients.add(pool.submit(() -> {
                    Api api = api();
                    while (System.nanoTime() < deadline) {
                        List<Map<String, Object>> jobs = new ArrayList<>();
                        for (int j = 0; j < batchSize; j++) {
                            jobs.add(Map.of(
                                    "customerId",
                                    customers.get(ThreadLocalRandom.current().nextInt(customers.size())),
                                    "packageType",
                                    "starter",
                                    "priority",
                                    ThreadLocalRandom.current().nextInt(1, 6)));
                        }
                        String path = batchSize == 1 ? "/api/jobs" : "/api/jobs/batch";
                        Api.Response response = api.send(
                                "POST",
                                path,
                                TestKeys.STAFF,
                                batchSize == 1 ? jobs.get(0) : Map.of("jobs", jobs),
                                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
                        if (response.status() != 201) {
                            throw new IllegalStateException("POST " + path + " answered " + response);
                        }
                        created.addAndGet(batchSize);
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get(duration.toSeconds() + 120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return created.get();
    }
}
