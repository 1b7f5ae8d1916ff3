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
            System.out.printf(
                    "change stream takeover after the leader stopped: %d ms%n",
                    (System.nanoTime() - stoppedAt) / 1_000_000);
            for (UUID jobId : duringFailover) {
                assertThat(awaitEvents(reader, jobId, 1))
                        .extracting(JobChanged::op)
                        .contains(ChangeOperation.CREATED);
            }
            UUID afterFailover = world.insertJob(customerId);
            awaitEvents(reader, afterFailover, 1);
            assertThat(reader.jobEvents(beforeFailover)).hasSize(1);
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
