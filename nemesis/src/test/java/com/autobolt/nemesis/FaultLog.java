package com.autobolt.nemesis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the nemesis did, as elapsed time from the run's start (a monotonic clock, never the wall clock),
 * printed as it happens and kept for the checker and the recovery figure.
 */
final class FaultLog {

    /** One injected fault: when it began and when it was over (the target healthy, resumed or healed again). */
    record Entry(Fault fault, long startNanos, long endNanos, String outcome) {}

    private final long runStart;
    private final List<Entry> entries = new ArrayList<>();

    FaultLog(long runStart) {
        this.runStart = runStart;
    }

    long elapsedNanos() {
        return System.nanoTime() - runStart;
    }

    String stamp(long elapsedNanos) {
        return String.format(Locale.ROOT, "%8.1fs", elapsedNanos / 1e9);
    }

    void print(String line) {
        System.out.println("[" + stamp(elapsedNanos()) + "] " + line);
    }

    synchronized void record(Entry entry) {
        entries.add(entry);
        print(String.format(
                Locale.ROOT,
                "fault #%d %s: %s .. %s %s",
                entry.fault().number(),
                entry.fault().describe(),
                stamp(entry.startNanos()).trim(),
                stamp(entry.endNanos()).trim(),
                entry.outcome()));
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The faults that overlap the elapsed interval [from, to] on one of the given kinds of target. */
    synchronized boolean anyOn(String targetPrefix, long from, long to) {
        return entries.stream()
                .anyMatch(e ->
                        e.fault().target().startsWith(targetPrefix) && e.startNanos() <= to && e.endNanos() >= from);
    }

    Duration elapsed() {
        return Duration.ofNanos(elapsedNanos());
    }
}
