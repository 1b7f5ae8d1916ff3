package com.autobolt.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** How a directory accepts a listing. */
public enum SubmissionMethod {
    /** An HTML form post, {@code application/x-www-form-urlencoded}. */
    FORM("form"),
    /** A JSON body, {@code application/json}. */
    JSON("json");

    private final String value;

    SubmissionMethod(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    @JsonCreator
    public static SubmissionMethod fromValue(String value) {
        for (SubmissionMethod method : values()) {
            if (method.value.equals(value)) {
                return method;
            }
        }
        throw new IllegalArgumentException("unknown submission method '" + value + "', expected one of "
                + Arrays.stream(values()).map(SubmissionMethod::value).collect(Collectors.joining(", ")));
    }
}
