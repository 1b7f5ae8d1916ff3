package com.autobolt.api.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an API key may do. {@code worker} is reserved for service-to-service calls. */
enum ApiRole {
    ADMIN,
    STAFF,
    VIEWER,
    WORKER;

    static final String[] WRITERS = {STAFF.name(), ADMIN.name()};
    static final String[] READERS = {VIEWER.name(), STAFF.name(), ADMIN.name()};

    String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ApiRole fromValue(String value) {
        for (ApiRole role : values()) {
            if (role.value().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + value.trim() + "', expected one of "
                + Arrays.stream(values()).map(ApiRole::value).collect(Collectors.joining(", ")));
    }
}
