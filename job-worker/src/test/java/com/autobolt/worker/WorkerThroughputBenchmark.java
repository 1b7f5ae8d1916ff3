package com.autobolt.worker;

import com.autobolt.sandbox.SiteBehaviour;
import com.autobolt.schemas.JobState;
import com.autobolt.testinfra.bench.BenchmarkReport;
import com.autobolt.testinfra.bench.ByteSearch;
import com.autobolt.testinfra.bench.JitCompiler;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/**
 * Tasks per second through dispatcher and executors: job changes in, terminal results committed
 * out, on the real broker with the sandbox over real HTTP, all in this JVM. Not part of
 * {@code verify}; run it with the command in the module README. Writes
 * {@code bench/results/worker-throughput.json} at the repository root.
 */
class WorkerThroughputBenchmark {

    private static final int DIRECTORIES = 100;
    private static final int MAX_WARM_UP_RUNS = 6;

    @Test
    void measureTasksPerSecond() throws Exception {
        // Throw-away runs first: throughput keeps rising over the first ~15,000 tasks of a JVM (class
        // loading, JIT), and the figures are meant to be steady-state, not the first one's warm-up. On a
        // loaded machine the JIT lags further behind, so warm up until it takes little of a run's CPU.
        for (int run = 1; run <= MAX_WARM_UP_RUNS; run++) {
            Run warmUp = measure(4, 0, 20_000);
            if (run >= 2 && warmUp.jitMicrosPerTask() < 0.1 * warmUp.cpuMicrosPerTask()) {
                break;
            }
        }
        Map<String, Double> figures = new LinkedHashMap<>();
        // Each run lasts several seconds, so that filling and draining the pipeline (the first claim
        // events, the last flush) and the compiling a freshly started worker still causes are a small
        // part of it: a worker runs for days, and its figure is meant to be that of its steady state.
        figures.put("tasks_per_s_threads_1", measure(1, 0, 10_000).tasksPerSecond());
        figures.put("tasks_per_s_threads_2", measure(2, 0, 20_000).tasksPerSecond());
        Run four = measure(4, 0, 40_000);
        figures.put("tasks_per_s_threads_4", four.tasksPerSecond());
        figures.put("tasks_per_s_200ms_threads_16", measure(16, 200, 1_600).tasksPerSecond());
        write(figures, four);
    }

    /** One measured run: throughput, and the whole process's CPU per task (of it, the JIT compiler's). */
    private record Run(double tasksPerSecond, double cpuMicrosPerTask, double jitMicrosPerTask) {}

    private static Run measure(int threads, long latencyMs, int tasks) throws InterruptedException {
        try (WorkerTestKit kit = new WorkerTestKit()) {
            kit.sandbox.configureDefault(SiteBehaviour.ok().withLatency(latencyMs));
            List<String> directories = kit.publishDirectories("bench", DIRECTORIES);
            kit.startWorker("bench", "autobolt.worker.executor.threads=" + threads);
            try (KafkaConsumer<String, byte[]> results = kit.resultsFromStart(5000)) {
                JobState warmUp = kit.createJob(directories.subList(0, 10), 3);
                awaitTerminal(results, 10, Duration.ofSeconds(120));
                // Starting a worker queues much compilation (Spring, Kafka clients): let it be worked off.
                JitCompiler.awaitQuiet(Duration.ofSeconds(30));

                long started = System.nanoTime();
                JitCompiler cpu = JitCompiler.mark();
                int jobs = tasks / DIRECTORIES;
                for (int i = 0; i < jobs; i++) {
                    kit.createJob(directories, 3);
                }
                awaitTerminal(results, tasks, Duration.ofSeconds(300));
                double seconds = (System.nanoTime() - started) / 1e9;
                double cpuMicrosPerTask = cpu.processMicrosSince() / tasks;
                double jitMicrosPerTask = cpu.compilerMicrosSince() / tasks;
                double rate = tasks / seconds;
                System.out.printf(
                        Locale.ROOT,
                        "threads=%d latency=%dms tasks=%d seconds=%.2f tasks/s=%.1f cpu/task=%.0fus (jit %.0fus) load=%.1f"
                                + " (warm-up job %s)%n",
                        threads,
                        latencyMs,
                        tasks,
                        seconds,
                        rate,
                        cpuMicrosPerTask,
                        jitMicrosPerTask,
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                        warmUp.id());
                return new Run(round(rate), round(cpuMicrosPerTask), round(jitMicrosPerTask));
            }
        }
    }

    /** Counts terminal results cheaply (a byte search, not a parse) so the counting does not slow the worker. */
    private static void awaitTerminal(KafkaConsumer<String, byte[]> results, int expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (seen < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + seen + " of " + expected + " results within " + timeout);
            }
            for (ConsumerRecord<String, byte[]> record : results.poll(Duration.ofMillis(50))) {
                if (isTerminal(record.value())) {
                    seen++;
                }
            }
        }
    }

    private static final byte[] STATUS_FIELD = "\"status\":\"".getBytes(StandardCharsets.UTF_8);

    /**
     * Whether a result's status is submitted, skipped or failed (not pending or claimed): the first
     * letter after the top-level {@code "status":"} says it. A site's answer quoted in the evidence
     * has its quotes escaped, so it cannot match.
     */
    static boolean isTerminal(byte[] value) {
        int at = ByteSearch.indexOf(value, STATUS_FIELD);
        if (at < 0 || at + STATUS_FIELD.length >= value.length) {
            return false;
        }
        byte first = value[at + STATUS_FIELD.length];
        return first == 's' || first == 'f';
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static void write(Map<String, Double> figures, Run four) {
        BenchmarkReport report = new BenchmarkReport("worker-throughput");
        figures.forEach((name, value) -> report.figure(name, value, "tasks/s"));
        // What a task costs, whoever else is using the machine: the ceiling on two idle cores is 2e6 / this.
        report.figure("cpu_us_per_task_threads_4", four.cpuMicrosPerTask(), "us");
        report.figure("jit_cpu_us_per_task_threads_4", four.jitMicrosPerTask(), "us");
        report.write();
    }
}
