package com.autobolt.projector.progress;

import static com.autobolt.projector.progress.Results.claimed;
import static com.autobolt.projector.progress.Results.ended;
import static com.autobolt.projector.progress.Results.pending;

import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.ResultStatus;
import com.autobolt.testinfra.bench.BenchmarkReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Results projected per second for batch sizes 1, 100 and 500 (the whole stream is on the topic
 * before the projector starts; the clock runs from the projector's start to its last offset
 * commit), and the latency from a result event's send to the updated {@code jobs} row under a
 * steady load. Run: {@code ./mvnw -q -pl progress-projector -am -Pbenchmark verify}.
 */
class ProjectorBenchmark {

    private static final int DIRECTORIES = 500;

    @Test
    void measure() throws Exception {
        BenchmarkReport report = new BenchmarkReport("projector-throughput");
        report.figure("results_per_s_batch_1", throughput(1, 4), "results/s");
        report.figure("results_per_s_batch_100", throughput(100, 40), "results/s");
        report.figure("results_per_s_batch_500", throughput(500, 100), "results/s");
        report.figure("projection_p99_ms", projectionP99Millis(), "ms");
        report.write();
    }

    /** Projects {@code jobs} × 500 directories × (pending, claimed, outcome) events with one batch size. */
    private static double throughput(int batchSize, int jobs) throws Exception {
        try (ProjectorHarness harness = new ProjectorHarness()) {
            List<DirectoryResultReported> stream = new ArrayList<>();
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                ids.add(harness.fixtures.aPendingJob(DIRECTORIES));
            }
            long tick = 0;
            ResultStatus[] outcomes = {ResultStatus.SUBMITTED, ResultStatus.FAILED, ResultStatus.SKIPPED};
            Map<UUID, int[]> expected = new java.util.HashMap<>();
            for (String dir : JobFixtures.directoryIds(DIRECTORIES)) {
                for (UUID job : ids) {
                    stream.add(pending(job, dir, 1, ++tick));
                }
            }
            for (String dir : JobFixtures.directoryIds(DIRECTORIES)) {
                for (UUID job : ids) {
                    stream.add(claimed(job, dir, 1, ++tick, "worker-1"));
                    int outcome = (int) (tick % 3);
                    stream.add(ended(job, dir, 1, outcomes[outcome], ++tick, "worker-1"));
                    expected.computeIfAbsent(job, id -> new int[3])[outcome]++;
                }
            }
            harness.publishAll(stream);
            harness.startProjector("--autobolt.projector.batch-size=" + batchSize);
            double rate = rateAfterFirstCommit(harness, Duration.ofMinutes(5));
            assertExactFinalState(harness, expected);
            return rate;
        }
    }

    /** Every job ended with exactly the counts its events imply, and every directory has its one row. */
    private static void assertExactFinalState(ProjectorHarness harness, Map<UUID, int[]> expected) {
        expected.forEach((job, counts) -> {
            int submitted = counts[0], failed = counts[1], skipped = counts[2];
            var expectedRow = new JobFixtures.JobRow(
                    failed > 0 ? "failed" : "complete",
                    1,
                    DIRECTORIES,
                    DIRECTORIES,
                    submitted,
                    failed,
                    skipped,
                    100,
                    true,
                    true);
            if (!harness.fixtures.job(job).equals(expectedRow)) {
                throw new IllegalStateException(
                        "job " + job + " ended as " + harness.fixtures.job(job) + ", expected " + expectedRow);
            }
        });
        int rows = harness.jdbc.queryForObject("SELECT count(*) FROM job_results", Integer.class);
        if (rows != expected.size() * DIRECTORIES) {
            throw new IllegalStateException(rows + " job_results rows, expected " + expected.size() * DIRECTORIES);
        }
    }

    /**
     * Results per second from the projector's first offset commit to its last, so application
     * start-up is not counted.
     */
    private static double rateAfterFirstCommit(ProjectorHarness harness, Duration within) throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, harness.kafka.bootstrapServers()))) {
            var partitions = admin
                    .describeTopics(List.of(harness.resultsTopic))
                    .allTopicNames()
                    .get()
                    .get(harness.resultsTopic)
                    .partitions()
                    .stream()
                    .map(p -> new TopicPartition(harness.resultsTopic, p.partition()))
                    .toList();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            long total =
                    partitions.stream().mapToLong(p -> ends.get(p).offset()).sum();
            long deadline = System.nanoTime() + within.toNanos();
            long firstCommitAt = 0;
            long committedAtFirst = 0;
            while (System.nanoTime() < deadline) {
                var committed = admin.listConsumerGroupOffsets(harness.groupId)
                        .partitionsToOffsetAndMetadata()
                        .get();
                long sum = committed.values().stream()
                        .filter(java.util.Objects::nonNull)
                        .mapToLong(o -> o.offset())
                        .sum();
                if (firstCommitAt == 0 && sum > 0) {
                    firstCommitAt = System.nanoTime();
                    committedAtFirst = sum;
                }
                if (sum >= total) {
                    return (total - committedAtFirst) / ((System.nanoTime() - firstCommitAt) / 1e9);
                }
                // Often enough for a figure within 0.5 %, rarely enough not to load the broker being measured.
                TimeUnit.MILLISECONDS.sleep(20);
            }
            throw new IllegalStateException("projector did not catch up within " + within);
        }
    }

    /**
     * Steady load of 2,000 results/s over other jobs; every 20 ms a probe directory of one job ends,
     * and the time until that job's {@code progress_done} shows it is one sample.
     */
    private static double projectionP99Millis() throws Exception {
        try (ProjectorHarness harness = new ProjectorHarness()) {
            UUID probe = harness.fixtures.aPendingJob(DIRECTORIES);
            List<UUID> load = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                load.add(harness.fixtures.aPendingJob(DIRECTORIES));
            }
            harness.startProjector("--autobolt.projector.batch-size=500");
            List<Double> samples = new ArrayList<>();
            long tick = 0;
            int loadIndex = 0;
            for (int i = 0; i < 300; i++) {
                List<DirectoryResultReported> burst = new ArrayList<>();
                for (int j = 0; j < 40; j++, loadIndex++) {
                    UUID job = load.get(loadIndex % load.size());
                    String dir = "dir-" + (loadIndex / load.size()) % DIRECTORIES;
                    burst.add(pending(job, dir, 1, ++tick));
                }
                harness.publishAll(burst);
                long sent = System.nanoTime();
                harness.publish(ended(probe, "dir-" + i, 1, ResultStatus.SUBMITTED, ++tick, "probe"));
                int expected = i + 1;
                while (done(harness, probe) < expected) {
                    if (System.nanoTime() - sent > TimeUnit.SECONDS.toNanos(30)) {
                        throw new IllegalStateException("probe " + i + " not projected within 30 s");
                    }
                }
                samples.add((System.nanoTime() - sent) / 1e6);
                long next = sent + TimeUnit.MILLISECONDS.toNanos(20);
                while (System.nanoTime() < next) {
                    Thread.onSpinWait();
                }
            }
            double[] sorted =
                    samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.println("projection latency p50 " + sorted[sorted.length / 2] + " ms, max "
                    + sorted[sorted.length - 1] + " ms, samples " + Arrays.toString(Arrays.copyOf(sorted, 5)));
            return sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
        }
    }

    private static int done(ProjectorHarness harness, UUID job) {
        return harness.jdbc.queryForObject("SELECT progress_done FROM jobs WHERE id = ?", Integer.class, job);
    }
}
