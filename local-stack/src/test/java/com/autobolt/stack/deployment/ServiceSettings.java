package com.autobolt.stack.deployment;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * What one service reads from its environment, taken from its code rather than from a list kept by
 * hand: the {@code ${AUTOBOLT_...}} placeholders of its {@code src/main/resources/*.properties}, and
 * the settings of its {@code @ConfigurationProperties}, as the configuration processor lists them in
 * {@code target/classes/META-INF/spring-configuration-metadata.json}, bound from the environment by
 * Spring Boot's own relaxed binding ({@code AUTOBOLT_WORKER_EXECUTOR_DRAINTIMEOUT} binds
 * {@code autobolt.worker.executor.drain-timeout}). The same from every {@code com.autobolt} module the
 * service depends on, so settings shared through a library count for each service that uses it.
 */
final class ServiceSettings {

    /** Spring Boot's {@code spring.lifecycle.timeout-per-shutdown-phase} when a service does not set it. */
    static final Duration SPRING_SHUTDOWN_PHASE_DEFAULT = Duration.ofSeconds(30);

    private static final String METADATA = "target/classes/META-INF/spring-configuration-metadata.json";

    private final String module;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, Placeholder> placeholders = new LinkedHashMap<>();
    private final Map<String, BoundProperty> bound = new LinkedHashMap<>();

    /** One {@code ${NAME:default}} of a properties file; {@code defaultValue} null when it has none. */
    record Placeholder(String name, String property, String defaultValue) {}

    /** One setting of a {@code @ConfigurationProperties} class; a map takes any key below its name. */
    record BoundProperty(String name, boolean map, String defaultValue) {}

    private ServiceSettings(String module) {
        this.module = module;
    }

    /** The settings of {@code module} (a folder of the repository), read from its code and build output. */
    static ServiceSettings of(Path repository, String module) {
        ServiceSettings settings = new ServiceSettings(module);
        for (String each : withAutoboltDependencies(repository, module)) {
            settings.readPropertiesFiles(repository.resolve(each));
            settings.readMetadata(repository.resolve(each), each.equals(module));
        }
        return settings;
    }

    String module() {
        return module;
    }

    /** Whether the service reads this environment variable at all. */
    boolean reads(String variable) {
        if (placeholders.containsKey(variable)) {
            return true;
        }
        ConfigurationPropertySource environment = environment(Map.of(variable, "x"));
        return bound.values().stream().anyMatch(property -> binds(environment, property));
    }

    /**
     * What a deployment must set, each as its alternatives (one of them is enough; {@link #sets} tells):
     * environment variables, or for a {@code @ConfigurationProperties} setting its property name. A
     * placeholder with no default or an empty one ({@code NAME_FILE} is the file alternative of
     * {@code NAME}); a default naming {@code localhost}, which only works on a developer's machine; the
     * user beside a required password. A placeholder whose default is another setting is not required.
     */
    List<Set<String>> required() {
        List<Set<String>> required = new ArrayList<>();
        Set<String> covered = new LinkedHashSet<>();
        for (Placeholder placeholder : placeholders.values()) {
            String name = placeholder.name();
            if (covered.contains(name) || !isRequired(placeholder.defaultValue())) {
                continue;
            }
            String base = name.endsWith("_FILE") ? name.substring(0, name.length() - "_FILE".length()) : name;
            Set<String> alternatives = new LinkedHashSet<>();
            Stream.of(base, base + "_FILE").filter(placeholders::containsKey).forEach(alternatives::add);
            covered.addAll(alternatives);
            required.add(alternatives);
            if (name.endsWith("_PASSWORD")) {
                String user = name.substring(0, name.length() - "_PASSWORD".length()) + "_USER";
                if (placeholders.containsKey(user) && covered.add(user)) {
                    required.add(Set.of(user));
                }
            }
        }
        // A bound setting nobody assigns in a properties file, with a default only a developer's machine has.
        for (BoundProperty property : bound.values()) {
            String defaultValue = property.defaultValue();
            if (!properties.containsKey(property.name())
                    && defaultValue != null
                    && defaultValue.contains("localhost")) {
                required.add(Set.of(property.name()));
            }
        }
        return required;
    }

    private static boolean isRequired(String defaultValue) {
        if (defaultValue == null || defaultValue.isBlank()) {
            return true;
        }
        return !defaultValue.startsWith("${") && defaultValue.contains("localhost");
    }

    /** Whether the service connects to PostgreSQL at all. */
    boolean usesDatabase() {
        return properties.keySet().stream().anyMatch(key -> key.startsWith("spring.datasource."));
    }

    String property(String name) {
        return properties.get(name);
    }

    /**
     * The value of a setting under this environment: the environment wins (as Spring Boot binds it),
     * then the properties file (its placeholder resolved against the environment), then the default of
     * the {@code @ConfigurationProperties}; null when none has one.
     */
    String value(String property, Map<String, String> environment) {
        var fromEnvironment = environment(environment).getConfigurationProperty(ConfigurationPropertyName.of(property));
        if (fromEnvironment != null) {
            return String.valueOf(fromEnvironment.getValue());
        }
        String assigned = properties.get(property);
        if (assigned != null) {
            return resolve(assigned, environment);
        }
        BoundProperty boundProperty = bound.get(property);
        return boundProperty == null ? null : boundProperty.defaultValue();
    }

    /** The HTTP port the service listens on (health and probes included). */
    int port(Map<String, String> environment) {
        return Integer.parseInt(value("server.port", environment));
    }

    /**
     * The longest a clean stop may take: one Spring shutdown phase (the web server's graceful drain,
     * the Kafka listeners) plus every drain the service runs on its own ({@code *.drain-timeout}).
     */
    Duration shutdownBudget(Map<String, String> environment) {
        String phase = value("spring.lifecycle.timeout-per-shutdown-phase", environment);
        Duration budget = phase == null ? SPRING_SHUTDOWN_PHASE_DEFAULT : DurationStyle.detectAndParse(phase);
        for (BoundProperty property : bound.values()) {
            if (property.name().endsWith(".drain-timeout")) {
                budget = budget.plus(DurationStyle.detectAndParse(value(property.name(), environment)));
            }
        }
        return budget;
    }

    /** The environment variables of this environment that bind the setting, e.g. the worker id. */
    Set<String> variablesBinding(String property, Map<String, String> environment) {
        Set<String> binding = new LinkedHashSet<>();
        for (String variable : environment.keySet()) {
            if (environment(Map.of(variable, "x")).getConfigurationProperty(ConfigurationPropertyName.of(property))
                    != null) {
                binding.add(variable);
            }
        }
        return binding;
    }

    private static boolean binds(ConfigurationPropertySource environment, BoundProperty property) {
        ConfigurationPropertyName name = ConfigurationPropertyName.of(property.name());
        if (property.map()) {
            return environment.containsDescendantOf(name) == ConfigurationPropertyState.PRESENT;
        }
        return environment.getConfigurationProperty(name) != null;
    }

    private static ConfigurationPropertySource environment(Map<String, String> variables) {
        // Spring Boot applies the environment's relaxed mapping only to a source of this name.
        return ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new LinkedHashMap<>(variables)));
    }

    /**
     * Whether this environment sets one of {@link #required}'s names: the variable itself, or, for a
     * property name, any variable that binds it.
     */
    boolean sets(String name, Map<String, String> environment) {
        return name.contains(".") ? !variablesBinding(name, environment).isEmpty() : environment.containsKey(name);
    }

    /** A whole-value placeholder resolved against the environment; other values as they are. */
    private static String resolve(String value, Map<String, String> environment) {
        if (!value.startsWith("${") || !value.endsWith("}")) {
            return value;
        }
        Placeholder placeholder = parsePlaceholders("", value).get(0);
        String set = environment.get(placeholder.name());
        if (set != null) {
            return set;
        }
        return placeholder.defaultValue() == null ? null : resolve(placeholder.defaultValue(), environment);
    }

    private void readPropertiesFiles(Path moduleDirectory) {
        Path resources = moduleDirectory.resolve("src/main/resources");
        if (!Files.isDirectory(resources)) {
            return;
        }
        try (Stream<Path> files = Files.list(resources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".properties"))
                    .sorted()
                    .toList()) {
                Properties loaded = new Properties();
                try (Reader reader = Files.newBufferedReader(file)) {
                    loaded.load(reader);
                }
                for (String key : loaded.stringPropertyNames()) {
                    String value = loaded.getProperty(key);
                    properties.put(key, value);
                    for (Placeholder placeholder : parsePlaceholders(key, value)) {
                        if (placeholder.name().startsWith("AUTOBOLT_")) {
                            placeholders.putIfAbsent(placeholder.name(), placeholder);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every {@code ${name:default}} in a value, nested ones included. */
    static List<Placeholder> parsePlaceholders(String property, String value) {
        List<Placeholder> found = new ArrayList<>();
        int start = value.indexOf("${");
        while (start >= 0) {
            int end = closingBrace(value, start + 2);
            String inner = value.substring(start + 2, end);
            int colon = inner.indexOf(':');
            String name = colon < 0 ? inner : inner.substring(0, colon);
            String defaultValue = colon < 0 ? null : inner.substring(colon + 1);
            found.add(new Placeholder(name, property, defaultValue));
            if (defaultValue != null) {
                found.addAll(parsePlaceholders(property, defaultValue));
            }
            start = value.indexOf("${", end + 1);
        }
        return found;
    }

    private static int closingBrace(String value, int from) {
        int depth = 1;
        for (int i = from; i < value.length(); i++) {
            if (value.startsWith("${", i)) {
                depth++;
                i++;
            } else if (value.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unclosed placeholder in " + value);
    }

    private void readMetadata(Path moduleDirectory, boolean required) {
        Path metadata = moduleDirectory.resolve(METADATA);
        if (!Files.exists(metadata)) {
            if (required) {
                throw new IllegalStateException("no configuration metadata at " + metadata
                        + ": build the service first (./mvnw -pl local-stack -am verify builds it)");
            }
            return;
        }
        JsonNode root = new ObjectMapper().readTree(metadata.toFile());
        for (JsonNode property : root.path("properties")) {
            String name = property.path("name").asString();
            boolean map = property.path("type").asString("").startsWith("java.util.Map");
            JsonNode defaultValue = property.get("defaultValue");
            String text = defaultValue == null || defaultValue.isNull() || defaultValue.isContainer()
                    ? null
                    : defaultValue.asString();
            bound.put(name, new BoundProperty(name, map, text));
        }
    }

    /** The module and the {@code com.autobolt} modules its main code depends on (from its pom.xml). */
    private static List<String> withAutoboltDependencies(Path repository, String module) {
        List<String> modules = new ArrayList<>(List.of(module));
        try {
            var factory = DocumentBuilderFactory.newInstance();
            var pom = factory.newDocumentBuilder()
                    .parse(repository.resolve(module).resolve("pom.xml").toFile());
            NodeList dependencies = pom.getElementsByTagName("dependency");
            for (int i = 0; i < dependencies.getLength(); i++) {
                Element dependency = (Element) dependencies.item(i);
                String scope = text(dependency, "scope");
                if ("com.autobolt".equals(text(dependency, "groupId")) && !"test".equals(scope)) {
                    modules.add(text(dependency, "artifactId"));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + module + "/pom.xml", e);
        }
        return modules;
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }
}
