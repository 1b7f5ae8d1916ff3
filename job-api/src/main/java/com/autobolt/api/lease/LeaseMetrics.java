package com.autobolt.api.lease;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/** The lease service's meters (docs/metrics.md, External workers). */
final class LeaseMetrics {

    private final Counter leasesGranted;
    private final Counter tasksLeased;
    private final Counter resultsReported;
    private final Counter lateReports;
    private final AtomicLong waiting = new AtomicLong();

    LeaseMetrics(MeterRegistry registry) {
        leasesGranted = Counter.builder("autobolt.external.leases.granted")
                .description("Leases of external tasks granted to HTTP workers")
                .register(registry);
        tasksLeased = Counter.builder("autobolt.external.tasks.leased")
                .description(
                        "External tasks handed out in leases (a task leased again after its lease expired counts again)")
                .register(registry);
        resultsReported = Counter.builder("autobolt.external.results.reported")
                .description("Results of external tasks accepted from HTTP workers")
                .register(registry);
        lateReports = Counter.builder("autobolt.external.late.reports")
                .description("Reports refused because their lease had expired")
                .register(registry);
        Gauge.builder("autobolt.external.tasks.waiting", waiting, AtomicLong::get)
                .description("External tasks not done and not held by a live lease, counted by the task follower")
                .register(registry);
    }

    void leaseGranted(int tasks) {
        leasesGranted.increment();
        tasksLeased.increment(tasks);
    }

    void reported(int results) {
        resultsReported.increment(results);
    }

    void lateReport() {
        lateReports.increment();
    }

    void waiting(long count) {
        waiting.set(count);
    }
}
