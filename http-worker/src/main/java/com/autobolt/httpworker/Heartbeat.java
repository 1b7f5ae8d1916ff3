package com.autobolt.httpworker;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a lease alive while its tasks are worked: an {@code update} without results, every third of
 * the time the lease has left (between {@link #MIN_INTERVAL} and {@link #MAX_INTERVAL}), so a person
 * who takes their time, or a slow site, does not lose the lease. A 409 means the lease is gone (it
 * expired, or job-api gave its tasks to another worker): {@link #lost()} says so, and the work stops.
 */
final class Heartbeat implements AutoCloseable {

    static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    static final Duration MAX_INTERVAL = Duration.ofSeconds(60);

    private final LeaseClient client;
    private final UUID leaseId;
    private final Log log;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;
    private volatile Instant expiresAt;
    private volatile boolean lost;

    private Heartbeat(LeaseClient client, Lease lease, Log log) {
        this.client = client;
        this.leaseId = lease.leaseId();
        this.expiresAt = lease.expiresAt();
        this.log = log;
        this.thread = new Thread(this::beat, "http-worker-heartbeat");
        thread.setDaemon(true);
    }

    static Heartbeat start(LeaseClient client, Lease lease, Log log) {
        Heartbeat heartbeat = new Heartbeat(client, lease, log);
        heartbeat.thread.start();
        return heartbeat;
    }

    boolean lost() {
        return lost;
    }

    static Duration interval(Instant now, Instant expiresAt) {
        Duration third = Duration.between(now, expiresAt).dividedBy(3);
        if (third.compareTo(MIN_INTERVAL) < 0) {
            return MIN_INTERVAL;
        }
        return third.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : third;
    }

    private void beat() {
        try {
            while (!closed.await(interval(Instant.now(), expiresAt).toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    LeaseClient.Updated updated = client.update(leaseId, List.of());
                    if (updated.expiresAt() != null) {
                        expiresAt = updated.expiresAt();
                    }
                } catch (LeaseClient.LeaseLostException | LeaseClient.RefusedException e) {
                    lost = true;
                    log.info("lease " + leaseId + " lost: " + e.getMessage());
                    return;
                } catch (IOException e) {
                    // The next beat tries again; the lease runs out only if job-api stays away.
                    log.info("heartbeat of lease " + leaseId + " failed: " + TerminalText.clean(e.getMessage(), 300));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed.countDown();
        thread.join(LeaseClient.TIMEOUT.toMillis() + 1000);
    }
}
