package com.autobolt.testinfra;

import java.util.Locale;

/** Reads a setting from a system property, else from the environment (dots become underscores). */
public final class Settings {

    private Settings() {}

    public static String get(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            value = System.getenv(name.replace('.', '_').toUpperCase(Locale.ROOT));
        }
        return value;
    }

    public static String getOrDefault(String name, String fallback) {
        String value = get(name);
        return value == null ? fallback : value;
    }
}
