package com.autobolt.api.cdc;

import java.util.Locale;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the change stream, as {@code changeStream} in {@code /actuator/health}: UP while this
 * instance streams ({@code role: leader}) or stands by for another ({@code role: standby}), DOWN with
 * the reason while it is failing and retrying. {@code slotWal} tells what the replication slot holds
 * back on the server ({@link SlotWal}); a lost slot is DOWN whatever the engine does, since the stream
 * cannot resume from it without an operator (docs/operations.md, PostgreSQL).
 */
final class ChangeStreamHealthIndicator implements HealthIndicator {

    private final ChangeStreamStatus status;
    private final String slotName;
    private final SlotWal slotWal;

    ChangeStreamHealthIndicator(ChangeStreamStatus status, String slotName, SlotWal slotWal) {
        this.status = status;
        this.slotName = slotName;
        this.slotWal = slotWal;
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
                .withDetail("state", snapshot.state().name().toLowerCase(Locale.ROOT))
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
        addSlotWal(health);
        return health.build();
    }

    private void addSlotWal(Health.Builder health) {
        SlotWal.Reading slot;
        try {
            slot = slotWal.read();
        } catch (RuntimeException e) {
            // The database is unreachable: the engine's state already says so.
            health.withDetail("slotWal", Map.of("error", String.valueOf(e.getMessage())));
            return;
        }
        health.withDetail("slotWal", slot.details());
        if (slot.lost()) {
            health.down().withDetail("slotLost", slotWal.lostReason());
        }
    }
}
