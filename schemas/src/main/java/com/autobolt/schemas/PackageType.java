package com.autobolt.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** What a customer buys: how many directories their listing is submitted to. */
public enum PackageType {
    STARTER("starter", 50),
    GROWTH("growth", 100),
    PROFESSIONAL("professional", 300),
    ENTERPRISE("enterprise", 500);

    private final String value;
    private final int directoryCount;

    PackageType(String value, int directoryCount) {
        this.value = value;
        this.directoryCount = directoryCount;
    }

    @JsonValue
    public String value() {
        return value;
    }

    public int directoryCount() {
        return directoryCount;
    }

    @JsonCreator
    public static PackageType fromValue(String value) {
        for (PackageType type : values()) {
            if (type.value.equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown package type '" + value + "', expected one of " + allValues());
    }

    public static String allValues() {
        return Arrays.stream(values()).map(PackageType::value).collect(Collectors.joining(", "));
    }
}
