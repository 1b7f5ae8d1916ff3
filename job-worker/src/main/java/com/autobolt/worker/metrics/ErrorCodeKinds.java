package com.autobolt.worker.metrics;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A result's error code as a metric tag: the codes the worker itself gives are kept as they are,
 * {@code http_<status>} becomes its class ({@code http_4xx}, {@code http_5xx}) except {@code http_429},
 * which says more, and anything else is {@code other}; no code at all is {@code none}. So the tag has
 * at most {@link #KINDS} values, whatever sites answer.
 */
public final class ErrorCodeKinds {

    static final Set<String> KNOWN = Set.of(
            "timeout",
            "connection_failed",
            "interrupted",
            "invalid_answer",
            "mapping_error",
            "egress_denied",
            "rejected",
            "requires_login",
            "requires_captcha",
            "job_cancelled",
            "retries_exhausted",
            "directory_inactive",
            "worker_error",
            "http_429");

    /** How many values the tag can take: the known codes, two HTTP classes, {@code http_other}, other, none. */
    public static final int KINDS = KNOWN.size() + 5;

    private static final Pattern HTTP = Pattern.compile("http_([1-9])\\d\\d");

    private ErrorCodeKinds() {}

    public static String of(String errorCode) {
        if (errorCode == null || errorCode.isEmpty()) {
            return "none";
        }
        if (KNOWN.contains(errorCode)) {
            return errorCode;
        }
        var http = HTTP.matcher(errorCode);
        if (http.matches()) {
            return switch (http.group(1)) {
                case "4" -> "http_4xx";
                case "5" -> "http_5xx";
                default -> "http_other";
            };
        }
        return "other";
    }
}
