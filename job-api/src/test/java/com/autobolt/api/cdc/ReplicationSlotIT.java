package com.autobolt.api.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.schemas.ChangeOperation;
import com.autobolt.schemas.JobChanged;
import com.autobolt.testinfra.TestInfrastructure;
import com.autobolt.testinfra.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The replication slot's WAL in health: how much it holds back, and a slot PostgreSQL invalidated
 * ({@code max_slot_wal_keep_size}) reported DOWN; the stream then stops, loudly, instead of skipping
 * what it missed, and the runbook's recovery (drop the slot, one start with {@code snapshot-mode
 * when_needed}) republishes the current rows (docs/operations.md, PostgreSQL).
 */
class ReplicationSlotIT {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void shouldReportTheWalTheSlotHoldsBackWhileNobodyReadsIt() throws Exception {
        try (CdcTestSupport world = new CdcTestSupport();
                ChangeTopicsReader reader = world.reader()) {
            ConfigurableApplicationContext instance = world.startInstance();
            ChangeStreamHealthIndicator health = instance.getBean(ChangeStreamHealthIndicator.class);
            world.awaitStreamingChanges(reader);
            Map<String, Object> streaming = slotWal(health.health());
            assertThat(streaming)
                    .containsEntry("exists", true)
                    .containsEntry("active", true)
                    .containsEntry("maxSlotWalKeepSize", "-1")
                    .containsKey("retainedBytes");
            assertThat(streaming.get("walStatus")).isIn("reserved", "extended");
            instance.close();

            SlotWal slot = slotAsJobApi(world);
            writeWal(world, 1);
            SlotWal.Reading stopped = slot.read();
            assertThat(stopped.active()).isFalse();
            // A segment's worth of rows written while nobody reads the slot: all of it is held back.
            assertThat(stopped.retainedBytes()).isGreaterThan(4L * 1024 * 1024);

            ConfigurableApplicationContext again = world.startInstance();
            ChangeStreamHealthIndicator healthAgain = again.getBean(ChangeStreamHealthIndicator.class);
            // Read again and confirmed (heartbeats, offsets stored every 2 s), the slot lets the WAL go.
            await().atMost(WAIT)
                    .until(() -> ((Number) slotWal(healthAgain.health()).getOrDefault("retainedBytes", Long.MAX_VALUE))
                                    .longValue()
                            < stopped.retainedBytes());
        }
    }

    @Test
    void shouldReportALostSlotDownAndRecoverByTheRunbook() throws Exception {
        PostgresServer server = TestInfrastructure.postgres();
        try (CdcTestSupport world = new CdcTestSupport();
                ChangeTopicsReader reader = world.reader()) {
            ConfigurableApplicationContext first = world.startInstance();
            world.awaitStreamingChanges(reader);
            first.close();
            UUID customerId = world.insertCustomer();
            UUID missed;
            try {
                server.executeAsAdmin("ALTER SYSTEM SET max_slot_wal_keep_size = '1MB'");
                server.executeAsAdmin("SELECT pg_reload_conf()");
                // Committed while nobody reads the slot, in WAL the server is about to remove.
                missed = world.insertJob(customerId);
                SlotWal slot = slotAsJobApi(world);
                await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    writeWal(world, 1);
                    server.executeAsAdmin("CHECKPOINT");
                    return slot.read().lost();
                });
            } finally {
                server.executeAsAdmin("ALTER SYSTEM RESET max_slot_wal_keep_size");
                server.executeAsAdmin("SELECT pg_reload_conf()");
            }

            ConfigurableApplicationContext onLostSlot = startRetryingQuickly(world);
            ChangeStreamHealthIndicator health = onLostSlot.getBean(ChangeStreamHealthIndicator.class);
            Health lost = await().atMost(WAIT)
                    .until(
                            health::health,
                            h -> h.getStatus().equals(Status.DOWN)
                                    && h.getDetails().containsKey("reason"));
            assertThat(lost.getDetails()).containsKey("slotLost");
            assertThat(String.valueOf(lost.getDetails().get("reason"))).contains("wal_status lost");
            assertThat(slotWal(lost)).containsEntry("walStatus", "lost");
            // It never streams past the gap: still DOWN on later attempts, and the job never published.
            await().atMost(WAIT)
                    .until(() ->
                            ((Number) health.health().getDetails().getOrDefault("consecutiveFailures", 0)).intValue()
                                    >= 2);
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(reader.jobEvents(missed)).isEmpty();
            onLostSlot.close();

            // Runbook: drop the lost slot. A start as usual then refuses to skip the gap.
            dropSlot(server, world.slotName);
            ConfigurableApplicationContext withoutSlot = startRetryingQuickly(world);
            ChangeStreamHealthIndicator healthWithoutSlot = withoutSlot.getBean(ChangeStreamHealthIndicator.class);
            Health refused = await().atMost(WAIT)
                    .until(healthWithoutSlot::health, h -> h.getDetails().containsKey("reason"));
            assertThat(refused.getStatus()).isEqualTo(Status.DOWN);
            assertThat(String.valueOf(refused.getDetails().get("reason"))).contains("no longer available");
            assertThat(reader.jobEvents(missed)).isEmpty();
            withoutSlot.close();

            // Runbook: one start with snapshot mode when_needed publishes every row as it is now.
            ConfigurableApplicationContext recovered =
                    startRetryingQuickly(world, "autobolt.cdc.snapshot-mode=when_needed");
            ChangeStreamHealthIndicator healthRecovered = recovered.getBean(ChangeStreamHealthIndicator.class);
            List<JobChanged> republished =
                    await().atMost(WAIT).until(() -> reader.jobEvents(missed), events -> !events.isEmpty());
            assertThat(republished).extracting(JobChanged::op).contains(ChangeOperation.SNAPSHOT);
            await().atMost(WAIT)
                    .until(() -> healthRecovered.health().getStatus().equals(Status.UP));
            assertThat(slotWal(healthRecovered.health())).containsEntry("exists", true);
        }
    }

    private static ConfigurableApplicationContext startRetryingQuickly(CdcTestSupport world, String... extra) {
        String[] properties = new String[extra.length + 2];
        properties[0] = "autobolt.cdc.retry-initial-backoff=500ms";
        properties[1] = "autobolt.cdc.retry-max-backoff=2s";
        System.arraycopy(extra, 0, properties, 2, extra.length);
        return world.startInstance(properties);
    }

    /** The slot as job-api's own role reads it: health asks with the application's data source. */
    private static SlotWal slotAsJobApi(CdcTestSupport world) {
        return new SlotWal(
                new DriverManagerDataSource(
                        world.database.jdbcUrl(),
                        world.database.roles().api().username(),
                        world.database.roles().api().password()),
                world.slotName);
    }

    /** About {@code segments} WAL segments (16 MiB each) of new rows, then a switch to a new segment. */
    private static void writeWal(CdcTestSupport world, int segments) throws Exception {
        try (Connection administrator = world.connect();
                Statement statement = administrator.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS wal_filler (n bigint, pad text)");
            for (int i = 0; i < segments; i++) {
                statement.execute(
                        "INSERT INTO wal_filler SELECT g, repeat('x', 100) FROM generate_series(1, 120000) g");
            }
            statement.execute("SELECT pg_switch_wal()");
        }
    }

    private static void dropSlot(PostgresServer server, String slotName) {
        server.executeAsAdmin(
                "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ?", slotName);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> slotWal(Health health) {
        return (Map<String, Object>) health.getDetails().get("slotWal");
    }
}
