package com.autobolt.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Who submits a directory's tasks. */
public enum ExecutionMode {
    /** The job-worker's executors submit it over HTTP. */
    AUTOMATIC("automatic"),
    /** A person or a browser does, through an HTTP worker that leases tasks from job-api. */
    EXTERNAL("external");

    private final String value;

    ExecutionMode(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    /**
     * The mode of a directory that names none: one needing a login or a captcha cannot be submitted by the
     * job-worker, so it is external. Events written before the mode existed, and requests that leave it
     * out, read this way; it is also what migration V16 gave the rows it found.
     */
    public static ExecutionMode defaultFor(boolean requiresLogin, boolean requiresCaptcha) {
        return requiresLogin || requiresCaptcha ? EXTERNAL : AUTOMATIC;
    }

    @JsonCreator
    public static ExecutionMode fromValue(String value) {
        for (ExecutionMode mode : values()) {
            if (mode.value.equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown execution mode '" + value + "', expected one of "
                + Arrays.stream(values()).map(ExecutionMode::value).collect(Collectors.joining(", ")));
    }
}
