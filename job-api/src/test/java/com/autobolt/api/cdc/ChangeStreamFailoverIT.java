package com.autobolt.api.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.api.cdc.ChangeStreamStatus.State;
import com.autobolt.schemas.ChangeOperation;
import com.autobolt.schemas.JobChanged;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Restart and failover: offsets live in Kafka, so whichever instance streams next resumes where the
 * last one stopped. Each test has its own database, slot and topics.
 */
class ChangeStreamFailoverIT {

    private static final Logger log = LoggerFactory.getLogger(ChangeStreamFailoverIT.class);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void shouldPublishChangesCommittedWhileStoppedAfterRestartWithoutReplayingEarlierOnes() throws Exception {
        try (CdcTestSupport world = new CdcTestSupport();
                ChangeTopicsReader reader = world.reader()) {
            ConfigurableApplicationContext first = world.startInstance();
            awaitState(first, State.STREAMING);
            UUID customerId = world.insertCustomer();
            UUID before = world.insertJob(customerId);
            awaitEvents(reader, before, 1);
            first.close();

            UUID whileStopped = world.insertJob(customerId);
            world.execute("UPDATE jobs SET status = 'cancelled', completed_at = now() WHERE id = ?", before);
            ConfigurableApplicationContext second = world.startInstance();

            List<JobChanged> missed = awaitEvents(reader, whileStopped, 1);
            List<JobChanged> beforeEvents = awaitEvents(reader, before, 2);
            assertThat(missed.get(0).op()).isEqualTo(ChangeOperation.CREATED);
            assertThat(beforeEvents)
                    .extracting(JobChanged::op)
                    .as("the creation published before the stop is not published again")
                    .containsExactly(ChangeOperation.CREATED, ChangeOperation.UPDATED);
            assertThat(CdcTestSupport.statusOf(second).state()).isEqualTo(State.STREAMING);
        }
    }

    @Test
    void shouldStreamFromExactlyOneOfTwoInstancesAndFailOverWithoutLoss() throws Exception {
        try (CdcTestSupport world = new CdcTestSupport();
                ChangeTopicsReader reader = world.reader()) {
            ConfigurableApplicationContext a = world.startInstance();
            ConfigurableApplicationContext b = world.startInstance();
            await().atMost(WAIT).until(() -> streamingCount(a, b) == 1 && standbyCount(a, b) == 1);
            ConfigurableApplicationContext leader = CdcTestSupport.statusOf(a).state() == State.STREAMING ? a : b;
            ConfigurableApplicationContext standby = leader == a ? b : a;
            assertThat(CdcTestSupport.statusOf(standby).role()).isEqualTo("standby");

            UUID customerId = world.insertCustomer();
            UUID beforeFailover = world.insertJob(customerId);
            awaitEvents(reader, beforeFailover, 1);

            leader.close();
            long stoppedAt = System.nanoTime();
            List<UUID> duringFailover = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                duringFailover.add(world.insertJob(customerId));
            }

            awaitState(standby, State.STREAMING);
            // Reported, not asserted: the bound above is generous for a loaded machine; the figure is for humans.
            reportTakeover("stopped", stoppedAt);
            assertCreationsPublished(reader, duringFailover);
            UUID afterFailover = world.insertJob(customerId);
            awaitEvents(reader, afterFailover, 1);
            assertThat(reader.jobEvents(beforeFailover)).hasSize(1);
        }
    }

    /**
     * The leader is killed (SIGKILL, no shutdown at all): PostgreSQL ends its sessions, which frees the
     * leadership lock and the slot, and the standby takes over within 30 s; every
     * change committed around the kill is published, some possibly twice (at least once).
     */
    @Test
    void shouldFailOverWithinThirtySecondsWithoutLossWhenTheLeaderIsKilled() throws Exception {
        try (CdcTestSupport world = new CdcTestSupport();
                ChangeTopicsReader reader = world.reader()) {
            Process leader = world.startInstanceProcess();
            // The other JVM creates the schema, then takes the slot.
            await().atMost(Duration.ofMinutes(2))
                    .ignoreExceptions()
                    .until(() -> world.queryLong(
                                    "SELECT count(*) FROM pg_replication_slots WHERE slot_name = ? AND active",
                                    world.slotName)
                            == 1);
            UUID customerId = world.insertCustomer();
            // Streamed while no other instance runs: the other JVM is the leader.
            awaitEvents(reader, world.insertJob(customerId), 1);
            ConfigurableApplicationContext standby = world.startInstance();
            awaitState(standby, State.STANDBY);

            List<UUID> aroundTheKill = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                aroundTheKill.add(world.insertJob(customerId));
            }
            leader.destroyForcibly();
            long killedAt = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                aroundTheKill.add(world.insertJob(customerId));
            }
            assertThat(leader.waitFor(30, TimeUnit.SECONDS)).isTrue();

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> CdcTestSupport.statusOf(standby).state() == State.STREAMING);
            reportTakeover("was killed", killedAt);
            assertCreationsPublished(reader, aroundTheKill);
        }
    }

    private static void reportTakeover(String whatTheLeaderDid, long sinceNanos) {
        System.out.printf(
                "change stream takeover after the leader %s: %d ms%n",
                whatTheLeaderDid, (System.nanoTime() - sinceNanos) / 1_000_000);
    }

    private static void assertCreationsPublished(ChangeTopicsReader reader, List<UUID> jobs) {
        for (UUID jobId : jobs) {
            assertThat(awaitEvents(reader, jobId, 1)).extracting(JobChanged::op).contains(ChangeOperation.CREATED);
        }
    }

    private static long streamingCount(ConfigurableApplicationContext... instances) {
        return countIn(State.STREAMING, instances);
    }

    private static long standbyCount(ConfigurableApplicationContext... instances) {
        return countIn(State.STANDBY, instances);
    }

    private static long countIn(State state, ConfigurableApplicationContext... instances) {
        return List.of(instances).stream()
                .filter(i -> CdcTestSupport.statusOf(i).state() == state)
                .count();
    }

    private static void awaitState(ConfigurableApplicationContext instance, State state) {
        await().atMost(WAIT).until(() -> CdcTestSupport.statusOf(instance).state() == state);
    }

    private static List<JobChanged> awaitEvents(ChangeTopicsReader reader, UUID jobId, int count) {
        return await().atMost(WAIT).until(() -> reader.jobEvents(jobId), events -> events.size() >= count);
    }
}
