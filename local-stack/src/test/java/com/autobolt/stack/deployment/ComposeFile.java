package com.autobolt.stack.deployment;

import com.autobolt.testinfra.RepositoryRoot;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.convert.DurationStyle;
import org.yaml.snakeyaml.Yaml;

/** docker-compose.yml as the deployment tests read it (YAML merge keys resolved, as compose does). */
final class ComposeFile {

    static final String NAME = "docker-compose.yml";

    // ${VAR}, ${VAR:-default}, ${VAR:?message}: compose takes VAR from the operator's environment or .env.
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)");

    final Map<String, Object> services;

    private ComposeFile(Map<String, Object> services) {
        this.services = services;
    }

    static ComposeFile read() {
        Map<String, Object> file =
                new Yaml().load(Repository.read(RepositoryRoot.find().resolve(NAME)));
        return new ComposeFile(Repository.map(file, "services"));
    }

    /** The module a service is built from ({@code build.args.MODULE}); null for images run as they are. */
    static String module(Object service) {
        return Repository.string(Repository.map(Repository.map(service, "build"), "args"), "MODULE");
    }

    Map<String, DeployedService> applicationServices() {
        Map<String, DeployedService> deployed = new LinkedHashMap<>();
        services.forEach((name, service) -> {
            String module = module(service);
            if (module != null) {
                String grace = Repository.string(service, "stop_grace_period");
                deployed.put(
                        name,
                        new DeployedService(
                                NAME + " " + name,
                                module,
                                environment(service),
                                grace == null ? null : DurationStyle.SIMPLE.parse(grace)));
            }
        });
        return deployed;
    }

    /** The service's variables; each takes as secrets the operator's variables its value interpolates. */
    static Map<String, DeployedService.Variable> environment(Object service) {
        Map<String, DeployedService.Variable> environment = new LinkedHashMap<>();
        Object declared = service instanceof Map<?, ?> m ? m.get("environment") : null;
        if (declared instanceof Map<?, ?> map) {
            map.forEach((name, value) -> environment.put(String.valueOf(name), variable(String.valueOf(value))));
        } else if (declared instanceof Iterable<?> list) {
            for (Object entry : list) {
                String[] nameAndValue = String.valueOf(entry).split("=", 2);
                environment.put(nameAndValue[0], variable(nameAndValue.length > 1 ? nameAndValue[1] : ""));
            }
        }
        return environment;
    }

    private static DeployedService.Variable variable(String value) {
        Set<String> interpolated = new LinkedHashSet<>();
        Matcher matcher = INTERPOLATION.matcher(value);
        while (matcher.find()) {
            interpolated.add(matcher.group(1));
        }
        return new DeployedService.Variable(value, interpolated);
    }

    /** The operator's variables any service takes its database settings from (PostgreSQL's own included). */
    Set<String> databaseSecrets() {
        Set<String> secrets = new LinkedHashSet<>();
        services.values()
                .forEach(service -> environment(service).forEach((name, variable) -> {
                    if (name.contains("_DB_") || name.startsWith("POSTGRES_")) {
                        secrets.addAll(variable.secrets());
                    }
                }));
        return secrets;
    }
}
