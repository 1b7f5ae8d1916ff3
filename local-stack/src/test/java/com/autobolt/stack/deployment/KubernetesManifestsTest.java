package com.autobolt.stack.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.schemas.Topics;
import com.autobolt.stack.deployment.KubernetesManifests.Manifest;
import com.autobolt.testinfra.RepositoryRoot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes stays true to the code, by the same rules as docker-compose.yml
 * ({@link DeploymentRules}), plus what Kubernetes adds: probes, resources, disruption budgets, Secrets
 * referenced and never written. No cluster runs these manifests here; this is their check.
 */
class KubernetesManifestsTest {

    private final KubernetesManifests manifests = KubernetesManifests.read();

    @Test
    void shouldGiveEachServiceWhatItReadsAndNeedsAndTimeToStop() {
        List<String> problems = new ArrayList<>();
        for (Manifest deployment : manifests.ofKind("Deployment")) {
            DeployedService service = manifests.deployed(deployment);
            problems.addAll(DeploymentRules.problems(
                    service, Repository.settings(service.module()), manifests.databaseSecrets()));
        }

        assertThat(problems).isEmpty();
        assertThat(manifests.ofKind("Deployment"))
                .extracting(Manifest::name)
                .containsExactlyInAnyOrderElementsOf(Repository.SERVICES);
    }

    @Test
    void shouldNoticeADatabaseSecretGivenToTheWorker() {
        DeployedService worker = manifests.deployed(manifests.deployment("job-worker"));
        String databaseSecret = manifests.databaseSecrets().iterator().next();
        DeployedService withDatabase = worker.with(
                "AUTOBOLT_KAFKA_CLIENT_SASL_JAAS_CONFIG",
                new DeployedService.Variable(null, java.util.Set.of(databaseSecret)));

        assertThat(DeploymentRules.problems(
                        withDatabase, Repository.settings("job-worker"), manifests.databaseSecrets()))
                .containsExactly(worker.where() + ": AUTOBOLT_KAFKA_CLIENT_SASL_JAAS_CONFIG takes the database secret "
                        + databaseSecret + ", but job-worker has no database");
    }

    @Test
    void shouldProbeReadinessAndLivenessOnTheServicePort() {
        for (String module : Repository.SERVICES) {
            ServiceSettings settings = Repository.settings(module);
            Manifest deployment = manifests.deployment(module);
            Map<String, Object> container = deployment.container();
            int port = settings.port(manifests.deployed(deployment).values());

            assertThat(settings.property("management.endpoint.health.probes.enabled"))
                    .as(module + " enables the probe health groups")
                    .isEqualTo("true");
            // On the service port whatever the management port: the actuator of the worker and the
            // projector listens on the loopback interface only by default, which the kubelet cannot reach.
            assertThat(settings.property("management.endpoint.health.probes.add-additional-paths"))
                    .as(module + " serves the probe groups as /readyz and /livez on the service port")
                    .isEqualTo("true");
            assertThat(probe(container, "readinessProbe"))
                    .as(deployment.where())
                    .isEqualTo(Map.of("path", "/readyz", "port", port));
            assertThat(probe(container, "livenessProbe"))
                    .as(deployment.where())
                    .isEqualTo(Map.of("path", "/livez", "port", port));
        }
    }

    @Test
    void shouldRequestAndLimitCpuAndMemory() {
        for (Manifest deployment : manifests.ofKind("Deployment")) {
            Map<String, Object> resources = Repository.map(deployment.container(), "resources");

            assertThat(Repository.map(resources, "requests"))
                    .as(deployment.where())
                    .containsKeys("cpu", "memory");
            assertThat(Repository.map(resources, "limits"))
                    .as(deployment.where())
                    .containsKeys("cpu", "memory");
        }
    }

    @Test
    void shouldGiveEveryDeploymentADisruptionBudget() {
        for (Manifest deployment : manifests.ofKind("Deployment")) {
            Map<String, Object> podLabels = Repository.map(
                    Repository.map(Repository.map(Repository.map(deployment.object(), "spec"), "template"), "metadata"),
                    "labels");

            assertThat(manifests.ofKind("PodDisruptionBudget"))
                    .as(deployment.where())
                    .anySatisfy(budget -> assertThat(podLabels)
                            .containsAllEntriesOf(Repository.map(
                                    Repository.map(Repository.map(budget.object(), "spec"), "selector"),
                                    "matchLabels")));
        }
    }

    @Test
    void shouldReferenceSecretsAndNeverWriteThem() {
        assertThat(manifests.ofKind("Secret"))
                .as("Secrets are created by the operator, never committed")
                .isEmpty();
        for (Manifest configMap : manifests.ofKind("ConfigMap")) {
            assertThat(manifests.configMap(configMap.name()).keySet())
                    .as(configMap.where())
                    .noneMatch(key -> DeploymentRules.SECRET_NAME.matcher(key).matches());
        }
        for (Manifest deployment : manifests.ofKind("Deployment")) {
            assertThat(Repository.list(deployment.container(), "envFrom"))
                    .as(deployment.where() + ": a whole Secret as environment hides what it sets")
                    .noneMatch(source -> source instanceof Map<?, ?> m && m.containsKey("secretRef"));
        }
    }

    @Test
    void shouldRunThreeWorkersThatEachHaveTheirOwnWorkerId() {
        Manifest worker = manifests.deployment("job-worker");
        DeployedService deployed = manifests.deployed(worker);
        List<String> binding = List.copyOf(
                Repository.settings("job-worker").variablesBinding("autobolt.worker.worker-id", deployed.values()));

        assertThat(Repository.map(worker.object(), "spec").get("replicas")).isEqualTo(3);
        // Either unset (the host name, which is the pod's name) or the pod's name itself.
        for (String variable : binding) {
            Object declared = Repository.list(worker.container(), "env").stream()
                    .filter(entry -> variable.equals(Repository.string(entry, "name")))
                    .findFirst()
                    .orElseThrow();
            assertThat(Repository.string(
                            Repository.map(Repository.map(declared, "valueFrom"), "fieldRef"), "fieldPath"))
                    .as(variable)
                    .isEqualTo("metadata.name");
        }
    }

    @Test
    void shouldListEveryManifestInTheKustomizationAndEveryTopicInTheReadme() {
        String kustomization =
                Repository.read(RepositoryRoot.find().resolve(KubernetesManifests.FOLDER + "/kustomization.yaml"));
        String readme = Repository.read(RepositoryRoot.find().resolve(KubernetesManifests.FOLDER + "/README.md"));

        assertThat(manifests.files)
                .filteredOn(file -> !file.equals("kustomization.yaml"))
                .allMatch(file -> kustomization.contains("- " + file));
        assertThat(List.of(
                        Topics.JOBS,
                        Topics.DIRECTORIES,
                        Topics.DIRECTORY_TASKS,
                        Topics.DIRECTORY_TASKS_PRIORITY,
                        Topics.DIRECTORY_RESULTS,
                        Topics.deadLetterOf(Topics.JOBS),
                        Topics.deadLetterOf(Topics.DIRECTORIES),
                        Topics.deadLetterOf(Topics.DIRECTORY_TASKS),
                        Topics.deadLetterOf(Topics.DIRECTORY_TASKS_PRIORITY),
                        Topics.deadLetterOf(Topics.DIRECTORY_RESULTS)))
                .allMatch(topic -> readme.contains("`" + topic + "`"));
    }

    /** A probe's HTTP path and port, the port's name resolved to its number. */
    private static Map<String, Object> probe(Map<String, Object> container, String kind) {
        Map<String, Object> httpGet = Repository.map(Repository.map(container, kind), "httpGet");
        Object port = httpGet.get("port");
        if (port instanceof String name) {
            port = Repository.list(container, "ports").stream()
                    .filter(declared -> name.equals(Repository.string(declared, "name")))
                    .map(declared -> Repository.map(Map.of("p", declared), "p").get("containerPort"))
                    .findFirst()
                    .orElse(name);
        }
        return Map.of("path", String.valueOf(httpGet.get("path")), "port", port);
    }
}
