package com.autobolt.stack.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
                        Set.of("AUTOBOLT_DB_MIGRATION_USER"),
                        Set.of("AUTOBOLT_DB_MIGRATION_PASSWORD"),
                        Set.of("AUTOBOLT_CDC_DB_USER"),
                        Set.of("AUTOBOLT_CDC_DB_PASSWORD"),
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

    @Test
    void shouldDeriveTheRulesFromAnyModulesPropertiesAndMetadata(@TempDir Path repository) throws IOException {
        Path module = repository.resolve("svc");
        Files.createDirectories(module.resolve("src/main/resources"));
        Files.createDirectories(module.resolve("target/classes/META-INF"));
        Files.writeString(module.resolve("pom.xml"), "<project><dependencies/></project>");
        Files.writeString(module.resolve("src/main/resources/application.properties"), """
                server.port=${AUTOBOLT_SVC_PORT:8090}
                spring.lifecycle.timeout-per-shutdown-phase=${AUTOBOLT_SVC_PHASE:20s}
                autobolt.svc.token=${AUTOBOLT_SVC_TOKEN}
                autobolt.svc.fallback=${AUTOBOLT_SVC_FALLBACK:${autobolt.svc.broker-address:localhost:1}}
                """);
        Files.writeString(module.resolve("target/classes/META-INF/spring-configuration-metadata.json"), """
                {"properties": [
                  {"name": "autobolt.svc.broker-address", "type": "java.lang.String", "defaultValue": "localhost:1234"},
                  {"name": "autobolt.svc.client", "type": "java.util.Map<java.lang.String,java.lang.String>"},
                  {"name": "autobolt.svc.drain-timeout", "type": "java.time.Duration", "defaultValue": "10s"}
                ]}
                """);

        ServiceSettings service = ServiceSettings.of(repository, "svc");

        assertThat(Set.of(
                        "AUTOBOLT_SVC_PORT",
                        "AUTOBOLT_SVC_BROKERADDRESS",
                        "AUTOBOLT_SVC_BROKER_ADDRESS",
                        "AUTOBOLT_SVC_CLIENT_SECURITY_PROTOCOL",
                        "AUTOBOLT_SVC_DRAINTIMEOUT"))
                .allMatch(service::reads);
        assertThat(service.reads("AUTOBOLT_SVC_BROKER")).isFalse();
        assertThat(service.required())
                .containsExactlyInAnyOrder(Set.of("AUTOBOLT_SVC_TOKEN"), Set.of("autobolt.svc.broker-address"));
        assertThat(service.sets("autobolt.svc.broker-address", Map.of("AUTOBOLT_SVC_BROKERADDRESS", "b:1")))
                .isTrue();
        assertThat(service.sets("autobolt.svc.broker-address", Map.of("AUTOBOLT_SVC_PORT", "1")))
                .isFalse();
        assertThat(service.shutdownBudget(Map.of())).isEqualTo(Duration.ofSeconds(30));
        assertThat(service.shutdownBudget(Map.of("AUTOBOLT_SVC_PHASE", "5s", "AUTOBOLT_SVC_DRAINTIMEOUT", "1m")))
                .isEqualTo(Duration.ofSeconds(65));
        assertThat(service.usesDatabase()).isFalse();
    }
}
