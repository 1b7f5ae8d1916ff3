package com.autobolt.testinfra.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU this JVM's JIT compiler threads spend, read from {@code /proc} (nothing elsewhere), next
 * to the whole process's. A benchmark sharing its JVM with a broker, Spring and Debezium keeps the
 * compiler busy for minutes after start-up; its CPU would pass for the measured code's, and its
 * load delays what is timed.
 */
public final class JitCompiler {

    /** Microseconds per tick: {@code USER_HZ} is 100 on Linux. */
    private static final double TICK_MICROS = 10_000;

    private final Map<Long, Long> since;
    private final long processCpuNanosAtMark;

    private JitCompiler(Map<Long, Long> since, long processCpuNanosAtMark) {
        this.since = since;
        this.processCpuNanosAtMark = processCpuNanosAtMark;
    }

    /** Starts counting the compiler's and the process's CPU from now. */
    public static JitCompiler mark() {
        return new JitCompiler(ticks(), processCpuNanos());
    }

    /** The compiler's CPU since {@link #mark()}, in microseconds. */
    public double compilerMicrosSince() {
        return ticksSince() * TICK_MICROS;
    }

    /** The whole process's CPU (compiler included) since {@link #mark()}, in microseconds. */
    public double processMicrosSince() {
        return (processCpuNanos() - processCpuNanosAtMark) / 1e3;
    }

    /** The compiler's part of the process's CPU since {@link #mark()}, 0 to 1. */
    public double compilerShare() {
        return compilerMicrosSince() / Math.max(1, processMicrosSince());
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private long ticksSince() {
        long total = 0;
        for (Map.Entry<Long, Long> now : ticks().entrySet()) {
            total += now.getValue() - since.getOrDefault(now.getKey(), 0L);
        }
        return total;
    }

    /**
     * Waits, at most {@code within}, until the compiler has been idle (at most a tenth of a core) for
     * half a second; returns whether it got there.
     */
    public static boolean awaitQuiet(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            JitCompiler mark = mark();
            Thread.sleep(500);
            if (mark.ticksSince() <= 5) { // at most 50 ms of compiler CPU in half a second
                return true;
            }
        }
        return false;
    }

    /** Ticks (user + system) of each compiler thread, by thread id. */
    private static Map<Long, Long> ticks() {
        Map<Long, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path thread : threads) {
                String stat = Files.readString(thread.resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.contains("CompilerThre")) {
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // fields[11] and [12] are utime and stime (fields 14 and 15 of proc(5))
                    ticks.put(
                            Long.parseLong(thread.getFileName().toString()),
                            Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return ticks;
    }
}
