package com.autobolt.httpworker;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The worker's loop: lease, work the tasks (with a {@link Heartbeat}), report every result in one
 * {@code update}, {@code complete} with the unworked tasks requeued, and again. Nothing waiting (204),
 * too many leases (429) and job-api away (a connection error, 5xx) back off ({@link #BACKOFF}); a
 * job-api that does not serve the lease paths (404, 405: one from before they existed) is said once
 * and asked again every {@link #NOT_SERVED_WAIT}. A lease job-api no longer knows (409) is dropped and
 * the loop goes on. If the worker dies mid-lease, nothing is reported: the lease expires and job-api
 * gives its tasks to the next worker.
 */
final class WorkerLoop {

    static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
    static final Duration NOT_SERVED_WAIT = Duration.ofSeconds(60);
    /** Reporting is tried this often before the results are given up (the lease then expires). */
    static final int REPORT_TRIES = 3;

    /** Waits between calls; the default wakes early when the loop is stopped. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final LeaseClient client;
    private final TaskWorker worker;
    private final int maxTasks;
    private final Log log;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Sleeper sleeper;

    WorkerLoop(LeaseClient client, TaskWorker worker, int maxTasks, Log log, Sleeper sleeper) {
        this.client = client;
        this.worker = worker;
        this.maxTasks = maxTasks;
        this.log = log;
        this.sleeper =
                sleeper != null ? sleeper : duration -> stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    }

    WorkerLoop(LeaseClient client, TaskWorker worker, int maxTasks, Log log) {
        this(client, worker, maxTasks, log, null);
    }

    /** Stops after the task at hand; the lease's results so far are reported and the rest requeued. */
    void stop() {
        stopped.countDown();
    }

    boolean isStopped() {
        return stopped.getCount() == 0;
    }

    /** Runs until stopped or until the person quits. */
    void run() throws InterruptedException {
        int idleInARow = 0;
        boolean notServedSaid = false;
        while (!isStopped()) {
            LeaseClient.Next next;
            try {
                next = client.next(maxTasks);
            } catch (IOException | LeaseJson.BadLeaseException e) {
                idleInARow++;
                Duration wait = BACKOFF.after(idleInARow, null);
                log.info("could not lease: " + TerminalText.clean(e.getMessage(), 300) + "; trying again in "
                        + wait.toMillis() + " ms");
                sleeper.sleep(wait);
                continue;
            }
            if (next instanceof LeaseClient.Next.Leased leased) {
                idleInARow = 0;
                notServedSaid = false;
                if (work(leased.parsed())) {
                    return;
                }
            } else if (next instanceof LeaseClient.Next.NothingWaiting) {
                idleInARow++;
                sleeper.sleep(BACKOFF.after(idleInARow, null));
            } else if (next instanceof LeaseClient.Next.TooManyLeases tooMany) {
                idleInARow++;
                Duration wait = BACKOFF.after(idleInARow, tooMany.retryAfter());
                log.info("job-api says this worker holds its maximum of leases (429); asking again in "
                        + wait.toMillis() + " ms");
                sleeper.sleep(wait);
            } else if (next instanceof LeaseClient.Next.NotServed notServed) {
                if (!notServedSaid) {
                    String why = notServed.status() == 403
                            ? "either this key's role is not worker, or job-api is a version from before workers"
                                    + " over HTTP (which refuses every path it does not know)"
                            : "a version from before workers over HTTP";
                    log.info("job-api does not serve " + LeaseClient.NEXT + " to this key (HTTP " + notServed.status()
                            + "): " + why + "; asking again every " + NOT_SERVED_WAIT.toSeconds() + " s");
                    notServedSaid = true;
                }
                sleeper.sleep(NOT_SERVED_WAIT);
            }
        }
    }

    /** Works one lease and reports it; true when the worker quits. */
    private boolean work(LeaseJson.Parsed parsed) throws InterruptedException {
        Lease lease = parsed.lease();
        log.info("leased " + lease.tasks().size() + " task(s) of job " + lease.jobId() + " (lease " + lease.leaseId()
                + ", until " + lease.expiresAt() + ")");
        parsed.leftOut().forEach(problem -> log.info("left out of lease " + lease.leaseId() + ": " + problem));
        TaskWorker.Outcome outcome;
        boolean lost;
        try (Heartbeat heartbeat = Heartbeat.start(client, lease, log)) {
            outcome = worker.work(lease, () -> heartbeat.lost() || isStopped());
            lost = heartbeat.lost();
        }
        if (lost) {
            log.info("lease " + lease.leaseId() + " was lost while working; its "
                    + outcome.results().size()
                    + " result(s) are not reported (job-api has given the tasks back to the queue)");
            return outcome.quit();
        }
        report(lease, outcome);
        return outcome.quit();
    }

    private void report(Lease lease, TaskWorker.Outcome outcome) throws InterruptedException {
        for (int attempt = 1; attempt <= REPORT_TRIES; attempt++) {
            try {
                if (!outcome.results().isEmpty()) {
                    LeaseClient.Updated updated = client.update(lease.leaseId(), outcome.results());
                    log.info("reported " + updated.accepted().size() + " result(s) of lease " + lease.leaseId());
                    outcome = new TaskWorker.Outcome(List.of(), outcome.quit()); // not again on a retry
                }
                LeaseClient.Completed completed = client.complete(lease.leaseId(), "requeue", null);
                log.info("completed lease " + lease.leaseId() + "; requeued "
                        + completed.requeued().size());
                return;
            } catch (LeaseClient.LeaseLostException e) {
                log.info("lease " + lease.leaseId() + " dropped: " + e.getMessage());
                return;
            } catch (IOException e) {
                log.info("could not report lease " + lease.leaseId() + " (try " + attempt + " of " + REPORT_TRIES
                        + "): " + TerminalText.clean(e.getMessage(), 300));
                if (attempt < REPORT_TRIES) {
                    sleeper.sleep(BACKOFF.after(attempt, null));
                }
            }
        }
        log.info("gave up reporting lease " + lease.leaseId() + ": it expires and its tasks go back to the queue");
    }
}
