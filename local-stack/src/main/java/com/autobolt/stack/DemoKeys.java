package com.autobolt.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The demo API keys of one stack directory: generated on first start, kept in {@code keys.properties}
 * (readable by the owner only; the stack directory is git-ignored), reused afterwards.
 */
public record DemoKeys(String admin, String staff, String viewer) {

    static DemoKeys loadOrCreate(Path file) {
        if (Files.exists(file)) {
            Properties properties = Secrets.read(file);
            return new DemoKeys(
                    properties.getProperty("admin"), properties.getProperty("staff"), properties.getProperty("viewer"));
        }
        DemoKeys keys = new DemoKeys(Secrets.newSecret(), Secrets.newSecret(), Secrets.newSecret());
        Properties properties = new Properties();
        properties.setProperty("admin", keys.admin());
        properties.setProperty("staff", keys.staff());
        properties.setProperty("viewer", keys.viewer());
        Secrets.write(file, properties, "AutoBolt local stack demo API keys (never commit them)");
        return keys;
    }

    /** The value of job-api's {@code AUTOBOLT_API_KEYS}. */
    String asApiKeysSetting() {
        return "admin:" + admin + ",staff:" + staff + ",viewer:" + viewer;
    }
}
