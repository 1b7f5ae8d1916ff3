package com.autobolt.projector.progress;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * DOWN, with the reason, while batches fail (the database is unreachable, say) and the projector
 * has stopped consuming to retry; UP again after the next batch lands.
 */
@Component("projection")
class ProjectionHealth implements HealthIndicator {

    private record Failure(String reason, Instant since) {}

    private final AtomicReference<Failure> failure = new AtomicReference<>();

    void succeeded() {
        failure.set(null);
    }

    void failed(RuntimeException e) {
        failure.updateAndGet(previous -> new Failure(
                e.getClass().getSimpleName() + ": " + rootMessage(e),
                previous == null ? Instant.now() : previous.since()));
    }

    @Override
    public Health health() {
        Failure current = failure.get();
        if (current == null) {
            return Health.up().build();
        }
        return Health.down()
                .withDetail("reason", current.reason())
                .withDetail("since", current.since().toString())
                .withDetail("consuming", "paused, retrying the batch with backoff")
                .build();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
