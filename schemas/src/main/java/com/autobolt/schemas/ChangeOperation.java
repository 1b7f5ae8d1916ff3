package com.autobolt.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What happened to a row, as seen in the database's change stream. */
public enum ChangeOperation {
    CREATED("created"),
    UPDATED("updated"),
    DELETED("deleted"),
    /** A row read by an initial snapshot rather than a change. */
    SNAPSHOT("snapshot");

    private final String value;

    ChangeOperation(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    @JsonCreator
    public static ChangeOperation fromValue(String value) {
        for (ChangeOperation op : values()) {
            if (op.value.equals(value)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown change operation '" + value + "'");
    }
}
