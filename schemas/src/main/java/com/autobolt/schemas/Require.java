package com.autobolt.schemas;

import java.util.Objects;

/** Checks shared by the event records' constructors, so a malformed event never becomes an object. */
final class Require {

    private Require() {}

    static <T> T present(T value, String field) {
        return Objects.requireNonNull(value, () -> field + " is required");
    }

    static String text(String value, String field) {
        if (present(value, field).isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    static int positive(int value, String field) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be at least 1, was " + value);
        }
        return value;
    }

    static long notNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, was " + value);
        }
        return value;
    }

    static int schemaVersion(int actual, int supported, String event) {
        if (actual != supported) {
            throw new IllegalArgumentException(
                    event + " schemaVersion " + actual + " is not supported; this code reads version " + supported);
        }
        return actual;
    }
}
