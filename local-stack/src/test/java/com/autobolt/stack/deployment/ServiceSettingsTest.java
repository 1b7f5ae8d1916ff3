package com.autobolt.stack.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the deployment tests take a service to read is what Spring Boot binds from its code. */
class ServiceSettingsTest {

    private final ServiceSettings worker = Repository.settings("job-worker");
    private final ServiceSettings api = Repository.settings("job-api");

    @Test
    void shouldReadTheVariablesThatBindTheServicesSettings() {
        assertThat(Set.of(
                        "AUTOBOLT_WORKER_EXECUTOR_MOVEWAITINGAFTER",
                        "AUTOBOLT_WORKER_EXECUTOR_THREADS",
                        "AUTOBOLT_WORKER_WORKERID",
                        "AUTOBOLT_WORKER_WORKER_ID",
                        "AUTOBOLT_WORKER_EGRESS_ALLOWEDHOSTS",
                        "AUTOBOLT_WORKER_PORT",
                        "AUTOBOLT_KAFKA_BOOTSTRAP_SERVERS",
                        "AUTOBOLT_KAFKA_CLIENT_SECURITY_PROTOCOL"))
                .allMatch(worker::reads);
        assertThat(Set.of(
                        "AUTOBOLT_WORKER_EXECUTOR_THREADZ",
                        "AUTOBOLT_WORKER_EXECUTOR_MOVE_WAITING",
                        "AUTOBOLT_DB_URL",
                        "AUTOBOLT_DB_PASSWORD",
                        "AUTOBOLT_API_KEYS",
                        "AUTOBOLT_KAFKA_CLIENT_"))
                .noneMatch(worker::reads);
        assertThat(api.reads("AUTOBOLT_CDC_SLOTNAME")).isTrue();
        assertThat(api.reads("AUTOBOLT_CDC_SLOT_NAME")).isTrue();
        assertThat(api.reads("AUTOBOLT_RECONCILER_LEASE")).isTrue();
        assertThat(api.reads("AUTOBOLT_WORKER_EXECUTOR_THREADS")).isFalse();
    }

    @Test
    void shouldRequireWhatHasNoDefaultOutsideADevelopersMachine() {
        assertThat(api.required())
                .containsExactlyInAnyOrder(
                        Set.of("AUTOBOLT_DB_URL"),
                        Set.of("AUTOBOLT_DB_PASSWORD"),
                        Set.of("AUTOBOLT_DB_USER"),
                        Set.of("AUTOBOLT_API_KEYS", "AUTOBOLT_API_KEYS_FILE"),
                        Set.of("AUTOBOLT_KAFKA_BOOTSTRAP_SERVERS"));
        assertThat(worker.required()).containsExactly(Set.of("AUTOBOLT_KAFKA_BOOTSTRAP_SERVERS"));
        assertThat(worker.usesDatabase()).isFalse();
        assertThat(api.usesDatabase()).isTrue();
    }

    @Test
    void shouldTakeTheShutdownFromSpringAndTheServicesOwnDrains() {
        assertThat(api.shutdownBudget(Map.of())).isEqualTo(Duration.ofSeconds(30));
        assertThat(worker.shutdownBudget(Map.of())).isEqualTo(Duration.ofSeconds(60));
        assertThat(worker.shutdownBudget(Map.of("AUTOBOLT_WORKER_EXECUTOR_DRAINTIMEOUT", "45s")))
                .isEqualTo(Duration.ofSeconds(75));
        assertThat(worker.port(Map.of())).isEqualTo(8081);
        assertThat(worker.port(Map.of("AUTOBOLT_WORKER_PORT", "9000"))).isEqualTo(9000);
    }
}
