package com.autobolt.api.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.schemas.JobChanged;
import com.autobolt.testinfra.TestInfrastructure;
import com.autobolt.testinfra.kafka.DisposableKafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Health follows the stream: DOWN with the reason while the database or the broker is unreachable,
 * UP once it streams again.
 */
class ChangeStreamHealthIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    /**
     * Debezium's engine waits up to its task management timeout (40 s) for a task to stop, and with
     * the broker gone its last commit waits that long for offsets it cannot read: the next attempt,
     * and the failure count it raises, come only after it.
     */
    private static final Duration ENGINE_STOP = Duration.ofSeconds(40);

    @Test
    void shouldReportDownWithTheReasonWhileTheDatabaseIsUnreachableAndRecoverWithoutLoss() throws Exception {
        var server = TestInfrastructure.postgres();
        try (CdcTestSupport world = new CdcTestSupport();
                TcpProxy network = new TcpProxy(server.host(), server.port());
                ChangeTopicsReader reader = world.reader()) {
            ConfigurableApplicationContext instance = world.startInstanceVia(
                    WebApplicationType.NONE,
                    server.jdbcUrl(world.database.name())
                            .replace(":" + server.port() + "/", ":" + network.port() + "/"),
                    "autobolt.cdc.retry-initial-backoff=500ms",
                    "autobolt.cdc.retry-max-backoff=2s");
            ChangeStreamHealthIndicator health = instance.getBean(ChangeStreamHealthIndicator.class);
            await().atMost(WAIT).until(() -> health.health().getStatus().equals(Status.UP));
            assertThat(health.health().getDetails()).containsEntry("role", "leader");
            UUID customerId = world.insertCustomer();
            awaitEvents(reader, world.insertJob(customerId));

            network.disconnect();
            UUID committedDuringOutage = world.insertJob(customerId);

            awaitDownWhileRetrying(health);

            network.reconnect();
            await().atMost(WAIT).until(() -> health.health().getStatus().equals(Status.UP));
            assertThat(health.health().getDetails()).containsEntry("role", "leader");
            UUID committedAfterRecovery = world.insertJob(customerId);

            assertThat(awaitEvents(reader, committedDuringOutage)).isNotEmpty();
            assertThat(awaitEvents(reader, committedAfterRecovery)).isNotEmpty();
        }
    }

    /**
     * The broker's side of the same: a private broker (the shared one cannot be stopped) is destroyed
     * under a streaming instance; publishing fails and health turns DOWN with the reason, and stays
     * DOWN while the engine keeps retrying. Not covered: streaming again once the same broker is back
     * (an embedded KRaft broker cannot restart at one address); the database test above covers the
     * recovery path, which is the same supervisor's.
     */
    @Test
    void shouldReportDownWithTheReasonWhileTheBrokerIsGone() throws Exception {
        try (DisposableKafkaBroker broker = new DisposableKafkaBroker();
                CdcTestSupport world = new CdcTestSupport();
                ChangeTopicsReader reader =
                        new ChangeTopicsReader(broker.bootstrapServers(), world.jobsTopic, world.directoriesTopic)) {
            ConfigurableApplicationContext instance = world.startInstance(
                    "autobolt.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                    "autobolt.cdc.producer-delivery-timeout=3s",
                    "autobolt.cdc.retry-initial-backoff=500ms",
                    "autobolt.cdc.retry-max-backoff=2s");
            ChangeStreamHealthIndicator health = instance.getBean(ChangeStreamHealthIndicator.class);
            await().atMost(WAIT).until(() -> health.health().getStatus().equals(Status.UP));
            UUID customerId = world.insertCustomer();
            awaitEvents(reader, world.insertJob(customerId));

            broker.stop();
            world.insertJob(customerId);

            // DOWN as soon as publishing fails, not only once the engine has stopped: stopping it waits
            // up to Debezium's task timeout (40 s) for offsets it cannot read from the gone broker.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> health.health().getStatus().equals(Status.DOWN));
            awaitDownWhileRetrying(health);
        }
    }

    /** DOWN with the reason, and still DOWN on a later attempt: it keeps retrying, with backoff. */
    private static void awaitDownWhileRetrying(ChangeStreamHealthIndicator health) {
        Health down =
                await().atMost(WAIT).until(health::health, h -> h.getStatus().equals(Status.DOWN));
        assertThat(down.getDetails()).containsKeys("reason", "consecutiveFailures", "nextAttemptAt");
        assertThat(String.valueOf(down.getDetails().get("reason"))).isNotBlank();
        await().atMost(WAIT.plus(ENGINE_STOP))
                .until(() ->
                        ((Number) health.health().getDetails().getOrDefault("consecutiveFailures", 0)).intValue() >= 2);
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    }

    private static List<JobChanged> awaitEvents(ChangeTopicsReader reader, UUID jobId) {
        return await().atMost(WAIT).until(() -> reader.jobEvents(jobId), events -> !events.isEmpty());
    }
}
