package com.autobolt.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The status of one directory of a job. Within one attempt a result only moves forward in this
 * order: {@code pending} → {@code claimed} → one of the terminal states. The database CHECK
 * constraint on {@code job_results.status} lists exactly these values.
 */
public enum ResultStatus {
    PENDING("pending", 0),
    CLAIMED("claimed", 1),
    SUBMITTED("submitted", 2),
    FAILED("failed", 2),
    SKIPPED("skipped", 2);

    private final String value;
    private final int stage;

    ResultStatus(String value, int stage) {
        this.value = value;
        this.stage = stage;
    }

    @JsonValue
    public String value() {
        return value;
    }

    public boolean isTerminal() {
        return stage == 2;
    }

    /**
     * Whether an event with this status, arriving for the same attempt as a row in {@code current},
     * moves the row forward. A late {@code claimed} after {@code submitted} does not; neither does a
     * second terminal state after the first.
     */
    public boolean advances(ResultStatus current) {
        return stage > current.stage;
    }

    @JsonCreator
    public static ResultStatus fromValue(String value) {
        for (ResultStatus status : values()) {
            if (status.value.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown result status '" + value + "', expected one of " + allValues());
    }

    public static String allValues() {
        return Arrays.stream(values()).map(ResultStatus::value).collect(Collectors.joining(", "));
    }
}
