package com.autobolt.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The standalone sandbox's configuration, read from a JSON file:
 * {@code {"host": "0.0.0.0", "port": 8089, "defaults": {...}, "directories": {"id": {...}}}}, each
 * site given as a {@link SiteBehaviour}.
 */
record SandboxConfig(String host, int port, SiteBehaviour defaults, Map<String, SiteBehaviour> directories) {

    /**
     * Reads configurations and site behaviours as people write them: settings left out take their
     * zero value (Jackson 3 would refuse a missing number or flag of a record), unknown ones are ignored.
     */
    static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    SandboxConfig {
        host = host == null ? "0.0.0.0" : host;
        port = port == 0 ? 8089 : port;
        defaults = defaults == null ? SiteBehaviour.ok() : defaults;
        directories = directories == null ? Map.of() : Map.copyOf(directories);
    }

    static SandboxConfig read(Path file) throws IOException {
        return JSON.readValue(Files.readAllBytes(file), SandboxConfig.class);
    }
}
