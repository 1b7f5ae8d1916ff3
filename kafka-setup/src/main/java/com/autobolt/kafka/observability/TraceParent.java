package com.autobolt.kafka.observability;

/**
 * The W3C {@code traceparent} header value, checked before anything reads it: headers arrive from
 * whoever can write to a topic, so a value that is not exactly {@code 00-<32 hex>-<16 hex>-<2 hex>}
 * (55 characters, lower-case, non-zero ids) is treated as absent, never as an error.
 */
public final class TraceParent {

    public static final String HEADER = "traceparent";
    static final int LENGTH = 55;

    private TraceParent() {}

    /** {@code value} when it is a well-formed version-00 traceparent, else null. */
    public static String valid(String value) {
        if (value == null || value.length() != LENGTH || !value.startsWith("00-")) {
            return null;
        }
        if (value.charAt(35) != '-' || value.charAt(52) != '-') {
            return null;
        }
        String traceId = value.substring(3, 35);
        String spanId = value.substring(36, 52);
        String flags = value.substring(53);
        if (!hex(traceId) || !hex(spanId) || !hex(flags) || zeros(traceId) || zeros(spanId)) {
            return null;
        }
        return value;
    }

    /** The trace id of a valid traceparent. */
    public static String traceId(String traceParent) {
        return traceParent.substring(3, 35);
    }

    /** The parent span id of a valid traceparent. */
    public static String spanId(String traceParent) {
        return traceParent.substring(36, 52);
    }

    private static boolean hex(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean zeros(String text) {
        return text.chars().allMatch(c -> c == '0');
    }
}
