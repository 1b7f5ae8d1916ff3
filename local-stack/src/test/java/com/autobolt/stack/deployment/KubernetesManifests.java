package com.autobolt.stack.deployment;

import com.autobolt.testinfra.RepositoryRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/** The manifests of deploy/kubernetes as the deployment tests read them. */
final class KubernetesManifests {

    static final String FOLDER = "deploy/kubernetes";

    /** terminationGracePeriodSeconds when a pod does not set it. */
    private static final int KUBERNETES_DEFAULT_GRACE = 30;

    /** One object of a manifest file, with the file it is in. */
    record Manifest(String file, Map<String, Object> object) {
        String kind() {
            return Repository.string(object, "kind");
        }

        String name() {
            return Repository.string(Repository.map(object, "metadata"), "name");
        }

        String where() {
            return FOLDER + "/" + file + " " + kind() + " " + name();
        }

        Map<String, Object> podSpec() {
            return Repository.map(Repository.map(Repository.map(object, "spec"), "template"), "spec");
        }

        /** The service's container: the one named as the Deployment. */
        Map<String, Object> container() {
            return Repository.list(podSpec(), "containers").stream()
                    .map(container -> Repository.map(Map.of("c", container), "c"))
                    .filter(container -> name().equals(Repository.string(container, "name")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(where() + " has no container named " + name()));
        }
    }

    final List<Manifest> manifests = new ArrayList<>();
    final List<String> files = new ArrayList<>();

    static KubernetesManifests read() {
        KubernetesManifests read = new KubernetesManifests();
        Path folder = RepositoryRoot.find().resolve(FOLDER);
        try (Stream<Path> listed = Files.list(folder)) {
            for (Path file :
                    listed.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                read.files.add(file.getFileName().toString());
                for (Object document : new Yaml().loadAll(Repository.read(file))) {
                    if (document instanceof Map<?, ?>) {
                        read.manifests.add(new Manifest(
                                file.getFileName().toString(), Repository.map(Map.of("d", document), "d")));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return read;
    }

    List<Manifest> ofKind(String kind) {
        return manifests.stream().filter(m -> kind.equals(m.kind())).toList();
    }

    Manifest deployment(String name) {
        return ofKind("Deployment").stream()
                .filter(m -> name.equals(m.name()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment " + name + " in " + FOLDER));
    }

    Map<String, String> configMap(String name) {
        Manifest configMap = ofKind("ConfigMap").stream()
                .filter(m -> name.equals(m.name()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap " + name + " in " + FOLDER));
        Map<String, String> data = new LinkedHashMap<>();
        Repository.map(configMap.object(), "data").forEach((key, value) -> data.put(key, String.valueOf(value)));
        return data;
    }

    /**
     * A Deployment as the service sees it: the ConfigMaps it takes whole, then its own variables, each
     * a written value, a Secret's key (the Secret's name is where it comes from) or a field of the pod.
     */
    DeployedService deployed(Manifest deployment) {
        Map<String, Object> container = deployment.container();
        Map<String, DeployedService.Variable> environment = new LinkedHashMap<>();
        for (Object source : Repository.list(container, "envFrom")) {
            String configMap = Repository.string(Repository.map(source, "configMapRef"), "name");
            if (configMap != null) {
                configMap(configMap)
                        .forEach((key, value) -> environment.put(key, DeployedService.Variable.literal(value)));
            }
        }
        for (Object variable : Repository.list(container, "env")) {
            String name = Repository.string(variable, "name");
            Map<String, Object> from = Repository.map(variable, "valueFrom");
            String secret = Repository.string(Repository.map(from, "secretKeyRef"), "name");
            String configMapKey = Repository.string(Repository.map(from, "configMapKeyRef"), "key");
            if (secret != null) {
                environment.put(name, new DeployedService.Variable(null, Set.of(secret)));
            } else if (configMapKey != null) {
                String configMap = Repository.string(Repository.map(from, "configMapKeyRef"), "name");
                environment.put(
                        name,
                        DeployedService.Variable.literal(configMap(configMap).get(configMapKey)));
            } else if (!from.isEmpty()) {
                environment.put(name, new DeployedService.Variable(null, Set.of()));
            } else {
                environment.put(name, DeployedService.Variable.literal(Repository.string(variable, "value")));
            }
        }
        Object grace = deployment.podSpec().getOrDefault("terminationGracePeriodSeconds", KUBERNETES_DEFAULT_GRACE);
        // Kubernetes counts the grace period from the start of preStop: a pause there is not drain time.
        Object pause = Repository.map(Repository.map(Repository.map(container, "lifecycle"), "preStop"), "sleep")
                .get("seconds");
        Duration stopGrace =
                Duration.ofSeconds(((Number) grace).longValue() - (pause == null ? 0 : ((Number) pause).longValue()));
        return new DeployedService(deployment.where(), deployment.name(), environment, stopGrace);
    }

    /** The Secrets any Deployment takes its database settings from. */
    Set<String> databaseSecrets() {
        Set<String> secrets = new LinkedHashSet<>();
        for (Manifest deployment : ofKind("Deployment")) {
            deployed(deployment).environment().forEach((name, variable) -> {
                if (name.contains("_DB_")) {
                    secrets.addAll(variable.secrets());
                }
            });
        }
        return secrets;
    }
}
