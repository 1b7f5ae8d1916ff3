package com.autobolt.api.reconcile;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs a {@link ReconcilePass} every {@code interval} on a thread of its own, from one interval
 * after start until stop, and reports each pass in {@link ReconcilerStatus}. A failed pass is logged
 * and reported; the next one comes at the usual time.
 */
final class Reconciler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final ReconcilePass pass;
    private final ReconcilerStatus status;
    private final Duration interval;
    private final Runnable onStopped;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile Thread thread;

    Reconciler(ReconcilePass pass, ReconcilerStatus status, Duration interval, Runnable onStopped) {
        this.pass = pass;
        this.status = status;
        this.interval = interval;
        this.onStopped = onStopped;
    }

    @Override
    public void start() {
        Thread worker = new Thread(this::loop, "reconciler");
        worker.setDaemon(true);
        thread = worker;
        worker.start();
    }

    /** Waits for a running pass to end (its Kafka waits are bounded by the delivery timeout). */
    @Override
    public void stop() {
        stopRequested.countDown();
        Thread worker = thread;
        if (worker != null) {
            try {
                worker.join(STOP_TIMEOUT.toMillis());
                if (worker.isAlive()) {
                    worker.interrupt();
                    worker.join(STOP_TIMEOUT.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        onStopped.run();
    }

    @Override
    public boolean isRunning() {
        Thread worker = thread;
        return worker != null && worker.isAlive();
    }

    private void loop() {
        try {
            while (!stopRequested.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                runPass();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runPass() {
        try {
            PassReport report = pass.run();
            status.passed(report);
            if (report.acted() || report.rowsUnreadable() > 0) {
                log.info(
                        "reconciler: republished {} jobs, re-dispatched {} tasks, ended {} tasks lease_expired"
                                + " and {} directory_inactive/unknown; {} rows unreadable",
                        report.jobsRepublished(),
                        report.tasksRedispatched(),
                        report.tasksEndedLeaseExpired(),
                        report.tasksEndedDirectoryInactive(),
                        report.rowsUnreadable());
            }
        } catch (RuntimeException e) {
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            status.failed(error);
            log.warn("reconciler: pass failed, nothing recorded; the next pass tries again: {}", error);
        }
    }
}
