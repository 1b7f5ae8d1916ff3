package com.autobolt.stack.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml stays true to the code: no Docker engine runs it here, so this is its check. The
 * services' settings come from their code ({@link ServiceSettings}), never from a list in this test.
 */
class ComposeFileTest {

    private final ComposeFile compose = ComposeFile.read();

    @Test
    void shouldGiveEachServiceWhatItReadsAndNeedsAndTimeToStop() {
        List<String> problems = new ArrayList<>();
        compose.applicationServices()
                .values()
                .forEach(service -> problems.addAll(DeploymentRules.problems(
                        service, Repository.settings(service.module()), compose.databaseSecrets())));

        assertThat(problems).isEmpty();
        assertThat(compose.applicationServices().values())
                .extracting(DeployedService::module)
                .containsExactlyInAnyOrderElementsOf(Repository.SERVICES);
    }

    @Test
    void shouldNoticeWhatIsWrongWithAService() {
        DeployedService worker = compose.applicationServices().get("job-worker");
        ServiceSettings settings = Repository.settings("job-worker");

        DeployedService misspelt =
                worker.with("AUTOBOLT_WORKER_EXECUTOR_THREADZ", DeployedService.Variable.literal("4"));
        DeployedService withDatabase = worker.with(
                "AUTOBOLT_DB_PASSWORD",
                new DeployedService.Variable("${POSTGRES_PASSWORD}", Set.of("POSTGRES_PASSWORD")));
        DeployedService withoutKafka = new DeployedService(
                worker.where(),
                worker.module(),
                worker.environment().entrySet().stream()
                        .filter(variable -> !variable.getKey().equals("AUTOBOLT_KAFKA_BOOTSTRAP_SERVERS"))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                worker.stopGrace());
        DeployedService killedMidDrain = new DeployedService(
                worker.where(), worker.module(), worker.environment(), settings.shutdownBudget(worker.values()));

        assertThat(DeploymentRules.problems(misspelt, settings, compose.databaseSecrets()))
                .containsExactly(
                        "docker-compose.yml job-worker: AUTOBOLT_WORKER_EXECUTOR_THREADZ is not read by job-worker");
        assertThat(DeploymentRules.problems(withDatabase, settings, compose.databaseSecrets()))
                .anyMatch(problem -> problem.contains("AUTOBOLT_DB_PASSWORD is not read by job-worker"))
                .anyMatch(problem -> problem.contains("takes the database secret POSTGRES_PASSWORD"));
        assertThat(DeploymentRules.problems(withoutKafka, settings, compose.databaseSecrets()))
                .anyMatch(problem -> problem.contains("sets none of [AUTOBOLT_KAFKA_BOOTSTRAP_SERVERS]"));
        assertThat(DeploymentRules.problems(killedMidDrain, settings, compose.databaseSecrets()))
                .anyMatch(problem -> problem.contains("must be longer than job-worker's shutdown"));
    }

    @Test
    void shouldRestartEveryService() {
        compose.services.forEach((name, service) -> assertThat(Repository.string(service, "restart"))
                .as("restart policy of " + name)
                .isIn("always", "unless-stopped", "on-failure"));
    }

    @Test
    void shouldRunThreeWorkersThatEachHaveTheirOwnWorkerId() {
        Object worker = compose.services.get("job-worker");
        DeployedService deployed = compose.applicationServices().get("job-worker");
        ServiceSettings settings = Repository.settings("job-worker");

        assertThat(Repository.map(worker, "deploy").get("replicas")).isEqualTo(3);
        // One value for all replicas would make them fence each other's transactions (job-worker/README.md):
        // left unset, each replica takes its container's host name, which compose makes unique per container.
        assertThat(settings.variablesBinding("autobolt.worker.worker-id", deployed.values()))
                .isEmpty();
        assertThat(settings.value("autobolt.worker.worker-id", Map.of()))
                .as("the worker id has no fixed default: WorkerProperties takes the host name and pid")
                .isNull();
        assertThat(Repository.map(compose.services, "job-worker")).doesNotContainKeys("hostname", "container_name");
    }

    @Test
    void shouldRunKafkaAsThreeBrokersThatReplicateAndCreateNoTopicOnTheirOwn() {
        Map<String, Object> brokers = compose.services.entrySet().stream()
                .filter(service -> String.valueOf(Repository.string(service.getValue(), "image"))
                        .startsWith("apache/kafka:"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));

        assertThat(brokers).hasSize(3);
        assertThat(brokers.values())
                .extracting(broker ->
                        ComposeFile.environment(broker).get("KAFKA_NODE_ID").value())
                .doesNotHaveDuplicates();
        brokers.forEach((name, broker) -> {
            Map<String, DeployedService.Variable> environment = ComposeFile.environment(broker);
            assertThat(environment.get("KAFKA_CONTROLLER_QUORUM_VOTERS").value().split(","))
                    .as(name + " voters")
                    .hasSize(3);
            assertThat(Map.of(
                            "KAFKA_AUTO_CREATE_TOPICS_ENABLE",
                                    environment
                                            .get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")
                                            .value(),
                            "KAFKA_DEFAULT_REPLICATION_FACTOR",
                                    environment
                                            .get("KAFKA_DEFAULT_REPLICATION_FACTOR")
                                            .value(),
                            "KAFKA_MIN_INSYNC_REPLICAS",
                                    environment.get("KAFKA_MIN_INSYNC_REPLICAS").value(),
                            "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
                                    environment
                                            .get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR")
                                            .value(),
                            "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
                                    environment
                                            .get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR")
                                            .value(),
                            "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR",
                                    environment
                                            .get("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR")
                                            .value()))
                    .as(name)
                    .isEqualTo(Map.of(
                            "KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false",
                            "KAFKA_DEFAULT_REPLICATION_FACTOR", "3",
                            "KAFKA_MIN_INSYNC_REPLICAS", "2",
                            "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3",
                            "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3",
                            "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2"));
        });
        compose.applicationServices().values().forEach(service -> {
            Map<String, String> values = service.values();
            assertThat(values).as(service.where()).containsEntry("AUTOBOLT_KAFKA_REPLICATION_FACTOR", "3");
            assertThat(values).as(service.where()).containsEntry("AUTOBOLT_KAFKA_MIN_INSYNC_REPLICAS", "2");
            assertThat(Arrays.stream(values.get("AUTOBOLT_KAFKA_BOOTSTRAP_SERVERS")
                                    .split(","))
                            .map(address -> address.split(":")[0]))
                    .as(service.where() + " reaches every broker")
                    .containsExactlyInAnyOrderElementsOf(brokers.keySet());
        });
    }
}
