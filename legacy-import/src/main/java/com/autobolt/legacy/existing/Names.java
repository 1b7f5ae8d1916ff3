package com.autobolt.legacy.existing;

import java.util.Locale;

/**
 * How legacy values are matched against AutoBolt's: the same key for both sides, so a legacy row and
 * an AutoBolt row that stand for the same thing meet in one map.
 */
public final class Names {

    private Names() {}

    /**
     * A directory name for matching by name: case, surrounding and repeated white space ignored, so
     * {@code "google business profile "} is {@code "Google Business Profile"}.
     */
    public static String directoryKey(String name) {
        return name.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    /**
     * An email for one-customer-per-email: lower-cased and trimmed, as AutoBolt's unique index on
     * {@code lower(email)} compares them (legacy rows carry stray white space around theirs).
     */
    public static String emailKey(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
