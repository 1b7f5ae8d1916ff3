package com.autobolt.stack;

import com.autobolt.testinfra.bench.BenchmarkReport;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the whole stack ({@code ./autobolt up}: one Kafka node, two workers, one projector) costs while
 * nothing happens: after one small job has run, the stack rests (2 minutes), then each service's CPU
 * is measured over a window (60 s) from {@code /proc/<pid>/stat} (utime + stime, every thread), and
 * the resident memory of every process of the stack: the AutoBolt services, the sandbox, Kafka, and
 * PostgreSQL with its child processes. Not part of {@code verify}; run it with the command in the
 * module README ({@code -DargLine="-Didle.rest=PT10S -Didle.window=PT20S"} for a short smoke run).
 * Writes {@code bench/results/idle-cost.json}.
 */
class IdleCostBenchmark {

    private static final Duration REST = Duration.parse(System.getProperty("idle.rest", "PT2M"));
    private static final Duration WINDOW = Duration.parse(System.getProperty("idle.window", "PT60S"));
    private static final String PACKAGE = "starter";
    private static final String POSTGRES = "postgresql";

    @Test
    void measureIdleCpuAndMemory() throws Exception {
        Path directory = Files.createTempDirectory("idle-cost-");
        LocalStack stack = LocalStack.start(TestStacks.settings(directory));
        try {
            ApiClient staff = new ApiClient(stack.apiBaseUrl(), stack.keys().staff());
            String job = StackTestSupport.createJob(
                    staff,
                    "Idle Cost",
                    "retail",
                    PACKAGE,
                    ScaleOutBenchmark.plainDirectories(StackTestSupport.directoriesOf(PACKAGE)));
            ScaleOutBenchmark.awaitEnded(staff, List.of(job), Duration.ofMinutes(5));
            System.out.printf(Locale.ROOT, "job ended; resting %s, then measuring for %s%n", REST, WINDOW);
            Thread.sleep(REST.toMillis());

            Map<String, Long> pids = new LinkedHashMap<>(stack.servicePidsByName());
            pids.put(POSTGRES, postmasterPid(stack));
            Map<String, List<Long>> processes = new LinkedHashMap<>();
            pids.forEach((name, pid) -> processes.put(name, withDescendants(pid)));

            Map<String, Long> ticksBefore = new LinkedHashMap<>();
            Map<Long, ThreadTime> threadsBefore = threadTicks(processes);
            processes.forEach((name, list) -> ticksBefore.put(name, cpuTicks(list)));
            long started = System.nanoTime();
            Thread.sleep(WINDOW.toMillis());
            double seconds = (System.nanoTime() - started) / 1e9;
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            Map<String, Double> cpuPct = new LinkedHashMap<>();
            processes.forEach((name, list) ->
                    cpuPct.put(name, 100.0 * (cpuTicks(list) - ticksBefore.get(name)) / CLOCK_TICKS / seconds));
            Map<String, Double> rssMb = new LinkedHashMap<>();
            processes.forEach((name, list) -> rssMb.put(
                    name, list.stream().mapToLong(IdleCostBenchmark::rssKb).sum() / 1024.0));
            double pssMb = processes.values().stream()
                            .flatMap(List::stream)
                            .mapToLong(IdleCostBenchmark::pssKb)
                            .sum()
                    / 1024.0;
            cpuPct.forEach((name, pct) -> System.out.printf(
                    Locale.ROOT, "%-22s cpu %6.2f %% of a core, rss %7.1f MB%n", name, pct, rssMb.get(name)));
            printBusiestThreads(threadsBefore, threadTicks(processes), seconds);
            System.out.printf(Locale.ROOT, "load average %.1f%n", load);

            BenchmarkReport report = new BenchmarkReport("idle-cost");
            report.figure("idle_cpu_pct_job_api", round(cpuPct.get("job-api")), "% of a core")
                    .figure("idle_cpu_pct_worker", round(maxOf(cpuPct, LocalStack.workerName(0))), "% of a core")
                    .figure("idle_cpu_pct_projector", round(maxOf(cpuPct, LocalStack.projectorName(0))), "% of a core")
                    .figure("idle_cpu_pct_kafka", round(sumOf(cpuPct, KafkaCluster.NODE_NAME_PREFIX)), "% of a core")
                    .figure("idle_cpu_pct_postgresql", round(cpuPct.get(POSTGRES)), "% of a core")
                    .figure(
                            "stack_rss_mb",
                            round(rssMb.values().stream()
                                    .mapToDouble(Double::doubleValue)
                                    .sum()),
                            "MB")
                    .figure("stack_pss_mb", round(pssMb), "MB")
                    .figure("load_average", round(load), "");
            // Each process's share, so that a change in stack_rss_mb can be told apart by process.
            rssMb.forEach((name, mb) -> report.figure("rss_mb_" + name.replace('-', '_'), round(mb), "MB"));
            report.write();
        } finally {
            stack.stop();
            LocalStack.deleteTree(directory);
        }
    }

    private static final long CLOCK_TICKS = clockTicks();

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            getconf.waitFor();
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100; // Linux's USER_HZ on every common architecture
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    /** PostgreSQL runs as another user, started by {@code pg_ctl}: its postmaster names itself in the data directory. */
    private static long postmasterPid(LocalStack stack) throws IOException {
        Path file = stack.settings()
                .dataDirectory()
                .resolve("postgres")
                .resolve("data")
                .resolve("postmaster.pid");
        return Long.parseLong(Files.readAllLines(file).get(0).trim());
    }

    private static List<Long> withDescendants(long pid) {
        ProcessHandle process = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException("process " + pid + " of the stack is gone"));
        List<Long> pids = new ArrayList<>();
        pids.add(pid);
        process.descendants().forEach(child -> pids.add(child.pid()));
        return pids;
    }

    private static long cpuTicks(List<Long> pids) {
        return pids.stream()
                .mapToLong(pid -> cpuTicks(Path.of("/proc", pid.toString(), "stat")))
                .sum();
    }

    /** utime + stime of a {@code stat} file; 0 for a process (a PostgreSQL backend) that has exited since. */
    private static long cpuTicks(Path stat) {
        try {
            String text = Files.readString(stat);
            // The command name (field 2) may hold spaces; the fields after it are plain numbers.
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException e) {
            return 0;
        }
    }

    private static long rssKb(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                    .sum();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Proportional set size: each shared page (PostgreSQL's shared buffers, which every backend maps)
     * counted once across the processes that share it, where the sum of RSS counts it in each.
     */
    private static long pssKb(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup")).stream()
                    .filter(line -> line.startsWith("Pss:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                    .sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private record ThreadTime(String service, String name, long ticks) {}

    /** Every thread of the stack's processes by its thread id: where idle CPU goes, for the log. */
    private static Map<Long, ThreadTime> threadTicks(Map<String, List<Long>> processes) {
        Map<Long, ThreadTime> threads = new LinkedHashMap<>();
        processes.forEach((service, pids) -> {
            for (long pid : pids) {
                try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                    tasks.forEach(task -> {
                        try {
                            String name = Files.readString(task.resolve("comm")).trim();
                            threads.put(
                                    Long.parseLong(task.getFileName().toString()),
                                    new ThreadTime(service, name, cpuTicks(task.resolve("stat"))));
                        } catch (IOException e) {
                            // the thread ended meanwhile
                        }
                    });
                } catch (IOException e) {
                    // the process ended meanwhile
                }
            }
        });
        return threads;
    }

    private static void printBusiestThreads(Map<Long, ThreadTime> before, Map<Long, ThreadTime> after, double seconds) {
        after.entrySet().stream()
                .map(entry -> new ThreadTime(
                        entry.getValue().service(),
                        entry.getValue().name(),
                        entry.getValue().ticks()
                                - (before.containsKey(entry.getKey())
                                        ? before.get(entry.getKey()).ticks()
                                        : 0)))
                .sorted(Comparator.comparingLong(ThreadTime::ticks).reversed())
                .limit(15)
                .forEach(thread -> System.out.printf(
                        Locale.ROOT,
                        "  thread %-22s %-20s %6.2f %%%n",
                        thread.service(),
                        thread.name(),
                        100.0 * thread.ticks() / CLOCK_TICKS / seconds));
    }

    private static double maxOf(Map<String, Double> cpuPct, String namePrefix) {
        return cpuPct.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(prefixOf(namePrefix)))
                .mapToDouble(Map.Entry::getValue)
                .max()
                .orElseThrow();
    }

    private static double sumOf(Map<String, Double> cpuPct, String namePrefix) {
        return cpuPct.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(namePrefix))
                .mapToDouble(Map.Entry::getValue)
                .sum();
    }

    /** {@code job-worker-0} → {@code job-worker-}: every numbered instance of a service. */
    private static String prefixOf(String numberedName) {
        return numberedName.substring(0, numberedName.lastIndexOf('-') + 1);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
