package com.autobolt.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The state of a worker's circuit breaker for one directory: {@code closed} (tries go out),
 * {@code open} (the directory's tasks wait without spending tries), {@code half_open} (the cool-down is
 * over and the next try decides).
 */
public enum BreakerState {
    CLOSED("closed"),
    HALF_OPEN("half_open"),
    OPEN("open");

    private final String value;

    BreakerState(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    @JsonCreator
    public static BreakerState fromValue(String value) {
        for (BreakerState state : values()) {
            if (state.value.equals(value)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown breaker state '" + value + "', expected one of "
                + Arrays.stream(values()).map(BreakerState::value).collect(Collectors.joining(", ")));
    }
}
