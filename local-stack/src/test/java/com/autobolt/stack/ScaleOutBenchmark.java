package com.autobolt.stack;

import static com.autobolt.stack.StackTestSupport.jobView;
import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.sandbox.SiteBehaviour;
import com.autobolt.testinfra.bench.BenchmarkReport;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Tasks per second of the whole stack ({@code ./autobolt up}, one Kafka node, one projector) with one
 * worker and with four, every site answering in 100 ms: the same jobs, from their creation through the
 * API until every one has ended (dispatch, submissions, projection). Not part of {@code verify}; run it
 * with the command in the module README. Writes {@code bench/results/scale-out.json}.
 */
class ScaleOutBenchmark {

    private static final long SITE_LATENCY_MS = 100;
    private static final String PACKAGE = "professional";
    private static final int JOBS = 10;

    @Test
    void measureTasksPerSecondWithOneWorkerAndWithFour() throws Exception {
        double one = measure(1);
        double four = measure(4);
        new BenchmarkReport("scale-out")
                .figure("tasks_per_s_workers_1", one, "tasks/s")
                .figure("tasks_per_s_workers_4", four, "tasks/s")
                .figure("workers_4_vs_1_ratio", four / one, "x")
                .write();
    }

    private static double measure(int workers) throws Exception {
        Path directory = Files.createTempDirectory("scale-out-" + workers + "-");
        LocalStack stack = LocalStack.start(TestStacks.settings(directory, 1, workers, 1));
        try {
            List<String> directories = plainDirectories(StackTestSupport.directoriesOf(PACKAGE));
            ApiClient sandbox =
                    new ApiClient("http://127.0.0.1:" + stack.settings().ports().sandbox(), "");
            for (String id : directories) {
                assertThat(sandbox.put("/directories/" + id, SiteBehaviour.ok().withLatency(SITE_LATENCY_MS))
                                .status())
                        .isBetween(200, 299);
            }
            ApiClient staff = new ApiClient(stack.apiBaseUrl(), stack.keys().staff());
            // A first job warms every JVM up (class loading, JIT) and lets the consumer groups settle.
            awaitEnded(staff, List.of(createJob(staff, directories, 0)), Duration.ofMinutes(5));

            long started = System.nanoTime();
            List<String> jobs = new ArrayList<>();
            for (int i = 1; i <= JOBS; i++) {
                jobs.add(createJob(staff, directories, i));
            }
            awaitEnded(staff, jobs, Duration.ofMinutes(15));
            double seconds = (System.nanoTime() - started) / 1e9;
            int tasks = JOBS * directories.size();
            double rate = tasks / seconds;
            System.out.printf(
                    Locale.ROOT,
                    "workers=%d tasks=%d seconds=%.1f tasks/s=%.1f load=%.1f%n",
                    workers,
                    tasks,
                    seconds,
                    rate,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            return Math.round(rate * 10) / 10.0;
        } finally {
            stack.stop();
            LocalStack.deleteTree(directory);
        }
    }

    /**
     * Demo directories without a minimum interval, a login or a captcha (which the worker skips without
     * calling the site): every task is one submission that the site answers after 100 ms.
     */
    static List<String> plainDirectories(int count) {
        List<String> ids = IntStream.rangeClosed(1, DemoCatalog.SIZE)
                .filter(i -> i % 20 != 0 && i % 97 != 0 && i % 89 != 0)
                .mapToObj(i -> String.format("demo-%03d", i))
                .limit(count)
                .toList();
        assertThat(ids).hasSize(count);
        return ids;
    }

    private static String createJob(ApiClient staff, List<String> directories, int number) {
        return StackTestSupport.createJob(staff, "Scale Out " + number, "retail", PACKAGE, directories);
    }

    static void awaitEnded(ApiClient staff, List<String> jobs, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> running = new ArrayList<>(jobs);
        while (!running.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(running.size() + " jobs still running after " + timeout);
            }
            running.removeIf(job -> jobView(staff, job).terminal());
            Thread.sleep(250);
        }
    }
}
