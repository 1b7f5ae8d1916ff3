package com.autobolt.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Where a job came from: created through the API, or imported from the replaced system's tables by
 * {@code import-legacy}. Absent in events written before the field existed, which means {@link #API}.
 */
public enum JobOrigin {
    API("api"),
    LEGACY_IMPORT("legacy-import");

    private final String value;

    JobOrigin(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    @JsonCreator
    public static JobOrigin fromValue(String value) {
        for (JobOrigin origin : values()) {
            if (origin.value.equals(value)) {
                return origin;
            }
        }
        throw new IllegalArgumentException("unknown job origin '" + value + "', expected one of "
                + Arrays.stream(values()).map(JobOrigin::value).collect(Collectors.joining(", ")));
    }
}
