package com.autobolt.sandbox;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A named way a hostile (or broken) directory site answers a submission, for testing that whatever a
 * third party sends is bounded and cleaned before it is stored or shown. Each is written as
 * {@link #configName()} in the sandbox's JSON configuration ({@code "hostile": "huge-body"}); what
 * each one sends is in the module's README and {@link HostileAnswers}.
 */
public enum Hostility {
    /** 200, valid JSON whose strings hold {@code \u0000} and other control characters as JSON escapes. */
    NUL_IN_JSON("nul-in-json"),
    /** 200, a JSON-looking body with raw NUL, BEL, ESC, BS and DEL bytes inside its strings. */
    RAW_CONTROL_BYTES("raw-control-bytes"),
    /** 200, labelled JSON, with malformed UTF-8 sequences and binary bytes. */
    INVALID_UTF8("invalid-utf8"),
    /** 200, a body of {@link HostileAnswers#HUGE_BODY_BYTES} bytes (a JSON error with a huge text). */
    HUGE_BODY("huge-body"),
    /** 200, a chunked body that never ends: a few bytes every {@link HostileAnswers#ENDLESS_PAUSE_MS} ms. */
    ENDLESS_BODY("endless-body"),
    /** 200 with a short declared body that arrives one byte a second. */
    TRICKLE("trickle"),
    /** 201 with a valid {@code Location} and one header of about 1 MB. */
    HUGE_HEADER("huge-header"),
    /** 201 with a valid {@code Location} and {@link HostileAnswers#MANY_HEADERS} further headers. */
    MANY_HEADERS("many-headers"),
    /** 201 with an http {@code Location} of more than 3,000 characters. */
    LONG_LOCATION("long-location"),
    /** 201 with {@code Location: javascript:alert('autobolt')}. */
    JAVASCRIPT_LOCATION("javascript-location"),
    /** 201 with {@code Location: data:text/html,<script>...}. */
    DATA_LOCATION("data-location"),
    /** 201 with a relative {@code Location} (a path only). */
    RELATIVE_LOCATION("relative-location"),
    /** 201 with a {@code Location} that is no URL at all. */
    GARBAGE_LOCATION("garbage-location"),
    /** 201 with an http {@code Location} whose path holds a {@code <script>} element. */
    SCRIPT_LOCATION("script-location"),
    /** 422 whose JSON error text is {@link HostileAnswers#LONG_ERROR_CHARS} characters. */
    LONG_ERROR("long-error"),
    /** 200 {@code {"status":"error","error":...}} whose error text is {@link HostileAnswers#LONG_ERROR_CHARS} characters. */
    LONG_ERROR_IN_BODY("long-error-in-body"),
    /** 200 {@code {"status":"error","error":...}} whose error text is {@code <script>} and {@code <img onerror>} markup. */
    SCRIPT_IN_BODY("script-in-body");

    private final String configName;

    Hostility(String configName) {
        this.configName = configName;
    }

    /** The name used in the sandbox's JSON configuration. */
    @JsonValue
    public String configName() {
        return configName;
    }

    @JsonCreator
    public static Hostility fromConfigName(String name) {
        return Arrays.stream(values())
                .filter(hostility -> hostility.configName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown hostile behaviour " + name + "; known: "
                        + Arrays.stream(values()).map(Hostility::configName).collect(Collectors.joining(", "))));
    }
}
