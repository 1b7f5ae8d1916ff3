package com.autobolt.projector.progress;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * DOWN, with the reason, while batches fail (the database is unreachable, say) and the projector
 * has stopped consuming to retry; UP again after the next batch lands. Dead letters do not make it
 * DOWN (consuming goes on), but how many this instance sent since it started, and the last one's
 * reason, are in its details for an operator to see.
 */
@Component("projection")
class ProjectionHealth implements HealthIndicator {

    private record Failure(String reason, Instant since) {}

    private record DeadLetter(String reason, Instant at) {}

    private final AtomicReference<Failure> failure = new AtomicReference<>();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicReference<DeadLetter> lastDeadLetter = new AtomicReference<>();

    void succeeded() {
        failure.set(null);
    }

    void failed(RuntimeException e) {
        failure.updateAndGet(previous -> new Failure(
                e.getClass().getSimpleName() + ": " + rootMessage(e),
                previous == null ? Instant.now() : previous.since()));
    }

    /** Counts {@code rejections}, once the dead-letter topic has acknowledged them. */
    void deadLettered(List<Rejection> rejections) {
        if (rejections.isEmpty()) {
            return;
        }
        deadLettered.addAndGet(rejections.size());
        lastDeadLetter.set(new DeadLetter(rejections.get(rejections.size() - 1).reason(), Instant.now()));
    }

    @Override
    public Health health() {
        Failure current = failure.get();
        Health.Builder health = current == null
                ? Health.up()
                : Health.down()
                        .withDetail("reason", current.reason())
                        .withDetail("since", current.since().toString())
                        .withDetail("consuming", "paused, retrying the batch with backoff");
        health.withDetail("deadLettered", deadLettered.get());
        DeadLetter last = lastDeadLetter.get();
        if (last != null) {
            health.withDetail(
                    "lastDeadLetter",
                    Map.of("reason", last.reason(), "at", last.at().toString()));
        }
        return health.build();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
