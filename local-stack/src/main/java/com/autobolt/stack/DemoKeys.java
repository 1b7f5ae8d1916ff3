package com.autobolt.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The demo API keys of one stack directory: generated on first start, kept in {@code keys.properties}
 * (readable by the owner only; the stack directory is git-ignored), reused afterwards. A file from
 * before a key existed (the HTTP worker's) gets that key added at the next start; the others stay.
 *
 * @param worker the key of the stack's reference HTTP worker, role {@code worker}, named {@link #HTTP_WORKER_NAME}
 */
public record DemoKeys(String admin, String staff, String viewer, String worker) {

    /** The name job-api gives the HTTP worker's key: the {@code workerId} of every result it reports. */
    static final String HTTP_WORKER_NAME = "local-http-worker";

    private static final String COMMENT = "AutoBolt local stack demo API keys (never commit them)";

    static DemoKeys loadOrCreate(Path file) {
        if (Files.exists(file)) {
            Properties properties = Secrets.read(file);
            if (properties.getProperty("worker") == null) {
                properties.setProperty("worker", Secrets.newSecret());
                Secrets.write(file, properties, COMMENT);
            }
            return new DemoKeys(
                    properties.getProperty("admin"),
                    properties.getProperty("staff"),
                    properties.getProperty("viewer"),
                    properties.getProperty("worker"));
        }
        DemoKeys keys =
                new DemoKeys(Secrets.newSecret(), Secrets.newSecret(), Secrets.newSecret(), Secrets.newSecret());
        Properties properties = new Properties();
        properties.setProperty("admin", keys.admin());
        properties.setProperty("staff", keys.staff());
        properties.setProperty("viewer", keys.viewer());
        properties.setProperty("worker", keys.worker());
        Secrets.write(file, properties, COMMENT);
        return keys;
    }

    /** The value of job-api's {@code AUTOBOLT_API_KEYS}. */
    String asApiKeysSetting() {
        return "admin:" + admin + ",staff:" + staff + ",viewer:" + viewer + ",worker:" + HTTP_WORKER_NAME + ":"
                + worker;
    }
}
