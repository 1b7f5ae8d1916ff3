package com.autobolt.testinfra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the tests' PostgreSQL and Kafka come from. External servers win when their addresses are
 * given; otherwise {@code autobolt.test.infra} (system property or {@code AUTOBOLT_TEST_INFRA})
 * chooses, and by default Testcontainers is used where a Docker engine answers, else embedded.
 */
public enum InfrastructureMode {
    EMBEDDED,
    TESTCONTAINERS,
    EXTERNAL;

    static final String MODE_PROPERTY = "autobolt.test.infra";

    static InfrastructureMode forPostgres() {
        return choose(Settings.get("AUTOBOLT_TEST_POSTGRES_URL") != null);
    }

    static InfrastructureMode forKafka() {
        return choose(Settings.get("AUTOBOLT_TEST_KAFKA_BOOTSTRAP_SERVERS") != null);
    }

    private static InfrastructureMode choose(boolean externalGiven) {
        if (externalGiven) {
            return EXTERNAL;
        }
        String requested = Settings.get(MODE_PROPERTY);
        if (requested == null || requested.isBlank() || requested.equalsIgnoreCase("auto")) {
            return dockerAvailable() ? TESTCONTAINERS : EMBEDDED;
        }
        return valueOf(requested.trim().toUpperCase(Locale.ROOT));
    }

    /**
     * Asks Testcontainers only when a Docker endpoint is configured or its socket exists, so machines
     * without Docker do not pay for Testcontainers' probing.
     */
    private static boolean dockerAvailable() {
        boolean endpointKnown = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
        if (!endpointKnown) {
            return false;
        }
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
