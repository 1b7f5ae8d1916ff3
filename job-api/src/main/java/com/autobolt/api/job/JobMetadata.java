package com.autobolt.api.job;

import com.autobolt.api.error.InvalidFieldsException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The free-form metadata a job may carry: a JSON object of at most {@link #MAX_BYTES} bytes as compact
 * JSON, and only what PostgreSQL's {@code jsonb} stores as it is. It comes from outside, so whatever
 * jsonb would refuse with an error (a NUL character, a number beyond its range, nesting deep enough to
 * exhaust its stack) is refused here first, as a 400 naming the problem, never a 500.
 */
final class JobMetadata {

    static final int MAX_BYTES = 4096;

    static final int MAX_DEPTH = 16;

    /** jsonb's numeric keeps at most this many digits on either side of the point (well within its range). */
    private static final int MAX_DIGITS = 1000;

    private JobMetadata() {}

    /** The metadata as compact JSON for storage, or null when the request has none. */
    static String validated(JsonNode metadata) {
        if (metadata == null || metadata.isNull() || metadata.isMissingNode()) {
            return null;
        }
        if (!metadata.isObject()) {
            throw invalid("must be a JSON object");
        }
        String problem = problemIn(metadata, 1);
        if (problem != null) {
            throw invalid(problem);
        }
        String json = metadata.toString();
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw invalid("must be at most " + MAX_BYTES + " bytes as compact JSON, was " + bytes);
        }
        return json;
    }

    /** The same metadata whatever the order of its members: what idempotency compares. */
    static String canonical(JsonNode metadata) {
        if (metadata == null || metadata.isNull() || metadata.isMissingNode()) {
            return "-";
        }
        if (metadata.isObject()) {
            Map<String, String> members = new TreeMap<>();
            metadata.properties().forEach(member -> members.put(member.getKey(), canonical(member.getValue())));
            return members.toString();
        }
        if (metadata.isArray()) {
            StringBuilder elements = new StringBuilder("[");
            metadata.forEach(element -> elements.append(canonical(element)).append(','));
            return elements.append(']').toString();
        }
        return metadata.toString();
    }

    private static String problemIn(JsonNode node, int depth) {
        if (depth > MAX_DEPTH) {
            return "may nest objects and arrays at most " + MAX_DEPTH + " deep";
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                if (member.getKey().indexOf('\u0000') >= 0) {
                    return "may not contain the NUL character (\\u0000) in a name";
                }
                String problem = problemIn(member.getValue(), depth + 1);
                if (problem != null) {
                    return problem;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                String problem = problemIn(element, depth + 1);
                if (problem != null) {
                    return problem;
                }
            }
        } else if (node.isString() && node.asString().indexOf('\u0000') >= 0) {
            return "may not contain the NUL character (\\u0000) in a string";
        } else if (node.isNumber() && !storable(node)) {
            return "may hold only numbers of at most " + MAX_DIGITS + " digits on either side of the point";
        }
        return null;
    }

    private static boolean storable(JsonNode number) {
        if (number.isFloatingPointNumber() && !Double.isFinite(number.doubleValue()) && !number.isBigDecimal()) {
            return false;
        }
        BigDecimal value = number.decimalValue();
        return value.scale() <= MAX_DIGITS && value.precision() - value.scale() <= MAX_DIGITS;
    }

    private static InvalidFieldsException invalid(String problem) {
        return new InvalidFieldsException(Map.of("metadata", problem));
    }
}
