package com.autobolt.stack.deployment;

import com.autobolt.testinfra.RepositoryRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The repository the tests run in, and the YAML of its deployment files. */
final class Repository {

    /** The modules that run as services in a deployment (the sandbox and the launcher do not). */
    static final List<String> SERVICES = List.of("job-api", "job-worker", "progress-projector");

    private static final Map<String, ServiceSettings> SETTINGS = new ConcurrentHashMap<>();

    private Repository() {}

    /** What the service built from this module reads ({@link ServiceSettings}), read once per test run. */
    static ServiceSettings settings(String module) {
        return SETTINGS.computeIfAbsent(module, each -> ServiceSettings.of(RepositoryRoot.find(), each));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A YAML mapping's child mapping; empty when absent. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object parent, String key) {
        Object child = parent instanceof Map<?, ?> m ? m.get(key) : null;
        return child instanceof Map<?, ?> ? (Map<String, Object>) child : Map.of();
    }

    /** A YAML mapping's child list; empty when absent. */
    @SuppressWarnings("unchecked")
    static List<Object> list(Object parent, String key) {
        Object child = parent instanceof Map<?, ?> m ? m.get(key) : null;
        return child instanceof List<?> ? (List<Object>) child : List.of();
    }

    static String string(Object parent, String key) {
        Object child = parent instanceof Map<?, ?> m ? m.get(key) : null;
        return child == null ? null : String.valueOf(child);
    }
}
