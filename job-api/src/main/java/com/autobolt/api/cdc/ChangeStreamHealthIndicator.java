package com.autobolt.api.cdc;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the change stream, as {@code changeStream} in {@code /actuator/health}: UP while this
 * instance streams ({@code role: leader}) or stands by for another ({@code role: standby}), DOWN with
 * the reason while it is failing and retrying.
 */
final class ChangeStreamHealthIndicator implements HealthIndicator {

    private final ChangeStreamStatus status;
    private final String slotName;

    ChangeStreamHealthIndicator(ChangeStreamStatus status, String slotName) {
        this.status = status;
        this.slotName = slotName;
    }

    @Override
    public Health health() {
        ChangeStreamStatus.Snapshot snapshot = status.snapshot();
        Health.Builder health = switch (snapshot.state()) {
            case STREAMING, STANDBY -> Health.up();
            case FAILED -> Health.down();
            case STARTING, STOPPED -> Health.unknown();
        };
        health.withDetail("role", snapshot.role())
                .withDetail("state", snapshot.state().name().toLowerCase(java.util.Locale.ROOT))
                .withDetail("slot", slotName)
                .withDetail("since", snapshot.since().toString())
                .withDetail("eventsPublished", snapshot.eventsPublished());
        if (snapshot.lastPublishedAt() != null) {
            health.withDetail("lastPublishedAt", snapshot.lastPublishedAt().toString());
        }
        if (snapshot.reason() != null) {
            health.withDetail("reason", snapshot.reason())
                    .withDetail("consecutiveFailures", snapshot.consecutiveFailures())
                    .withDetail("nextAttemptAt", String.valueOf(snapshot.nextAttemptAt()));
        }
        return health.build();
    }
}
