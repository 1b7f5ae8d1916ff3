package com.autobolt.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The demo API keys of one stack directory: generated on first start, kept in {@code keys.properties}
 * (readable by the owner only; the stack directory is git-ignored), reused afterwards.
 */
public record DemoKeys(String admin, String staff, String viewer) {

    static DemoKeys loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                Properties properties = new Properties();
                try (Reader reader = Files.newBufferedReader(file)) {
                    properties.load(reader);
                }
                return new DemoKeys(
                        properties.getProperty("admin"),
                        properties.getProperty("staff"),
                        properties.getProperty("viewer"));
            }
            DemoKeys keys = new DemoKeys(newKey(), newKey(), newKey());
            Files.createDirectories(file.getParent());
            Properties properties = new Properties();
            properties.setProperty("admin", keys.admin());
            properties.setProperty("staff", keys.staff());
            properties.setProperty("viewer", keys.viewer());
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the stack directory's own permissions apply
            }
            try (Writer writer = Files.newBufferedWriter(file)) {
                properties.store(writer, "AutoBolt local stack demo API keys (never commit them)");
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value of job-api's {@code AUTOBOLT_API_KEYS}. */
    String asApiKeysSetting() {
        return "admin:" + admin + ",staff:" + staff + ",viewer:" + viewer;
    }

    private static String newKey() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
