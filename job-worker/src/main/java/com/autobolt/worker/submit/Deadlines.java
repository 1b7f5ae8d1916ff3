package com.autobolt.worker.submit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.concurrent.Cancellable;

/**
 * The total timeout of a submission: one watchdog thread cancels exchanges that outlive their
 * deadline (the socket timeout alone would let a site that trickles its answer hold a thread for
 * ever). Watching costs a map insert and removal, with no timer per request, so the watchdog does
 * not wake for exchanges that finish in time; deadlines are kept to within a tenth of the timeout.
 */
final class Deadlines implements AutoCloseable {

    private final long timeoutNanos;
    private final Map<Watch, Long> watched = new ConcurrentHashMap<>();
    private final Thread watchdog;
    private volatile boolean open = true;

    Deadlines(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        long tickMillis = Math.max(10, timeout.toMillis() / 10);
        this.watchdog = new Thread(() -> patrol(tickMillis), "submission-deadlines");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    Watch watch(Cancellable exchange) {
        Watch watch = new Watch(exchange);
        watched.put(watch, System.nanoTime() + timeoutNanos);
        return watch;
    }

    private void patrol(long tickMillis) {
        while (open) {
            try {
                TimeUnit.MILLISECONDS.sleep(tickMillis);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            watched.forEach((watch, deadline) -> {
                if (now - deadline >= 0) {
                    watch.expire();
                }
            });
        }
    }

    @Override
    public void close() {
        open = false;
        watchdog.interrupt();
    }

    /** One exchange under watch; closing it ends the watch. */
    final class Watch implements AutoCloseable {
        private final Cancellable exchange;
        private volatile boolean expired;

        private Watch(Cancellable exchange) {
            this.exchange = exchange;
        }

        /** Whether the exchange was cancelled because it ran out of time. */
        boolean expired() {
            return expired;
        }

        private void expire() {
            expired = true;
            watched.remove(this);
            exchange.cancel();
        }

        @Override
        public void close() {
            watched.remove(this);
        }
    }
}
