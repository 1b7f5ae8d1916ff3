package com.autobolt.stack;

import java.time.Duration;

/** The demo's closing table: per job and in total, submitted, failed, skipped and elapsed time. */
final class DemoSummary {

    private static final String ROW = "%-24s %-12s %-11s %6s %10s %7s %8s %10s%n";

    private DemoSummary() {}

    static String of(Demo.Result result) {
        StringBuilder text = new StringBuilder("\nDemo summary\n");
        text.append(String.format(
                ROW, "customer", "package", "status", "total", "submitted", "failed", "skipped", "elapsed"));
        int total = 0;
        int submitted = 0;
        int failed = 0;
        int skipped = 0;
        for (DemoJob job : result.jobs()) {
            JobView view = result.finals().get(job.id());
            Duration elapsed = result.elapsed().get(job.id());
            text.append(row(job.customer(), job.packageType(), view.status(), view, elapsed));
            total += view.total();
            submitted += view.submitted();
            failed += view.failed();
            skipped += view.skipped();
        }
        JobView sum = new JobView("", total, submitted + failed + skipped, submitted, failed, skipped, 0);
        text.append(row("total (" + result.jobs().size() + " jobs)", "", "", sum, result.total()));
        return text.toString();
    }

    private static String row(String customer, String packageType, String status, JobView view, Duration elapsed) {
        return String.format(
                ROW,
                customer,
                packageType,
                status,
                view.total(),
                view.submitted(),
                view.failed(),
                view.skipped(),
                Demo.seconds(elapsed));
    }
}
