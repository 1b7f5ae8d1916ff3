package com.autobolt.httpworker;

import com.autobolt.schemas.EventText;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Reads a lease answer ({@code 200} of {@code next}) as the contract shapes it, taking only what it
 * names, each text cleaned ({@link TerminalText}) and bounded: a lease of at most {@code maxTasks}
 * tasks (the rest is left unworked, and {@code complete} gives it back), the profile's known fields
 * only. A task that cannot be worked (no task id, no directory id, or one that is not plain text) is
 * left out and said so; the lease without a lease id, expiry or job id is refused.
 */
final class LeaseJson {

    static final int MAX_ID = 300;
    static final int MAX_NAME = 200;
    static final int MAX_URL = 2048;
    static final int MAX_FIELDS = 50;
    static final int MAX_PROFILE_VALUE = 5000;

    /** The profile fields of {@code POST /api/jobs}' business (and of the event contract's profile). */
    static final Set<String> PROFILE_FIELDS = Set.of(
            "businessName",
            "email",
            "phone",
            "website",
            "address",
            "city",
            "state",
            "zip",
            "country",
            "category",
            "description");

    private LeaseJson() {}

    /** A lease and the tasks of it that were left out, each with why. */
    record Parsed(Lease lease, List<String> leftOut) {}

    static final class BadLeaseException extends Exception {
        BadLeaseException(String message) {
            super(message);
        }
    }

    static Parsed parse(JsonNode root, int maxTasks) throws BadLeaseException {
        if (root == null || !root.isObject()) {
            throw new BadLeaseException("the lease is not a JSON object");
        }
        UUID leaseId = uuid(root, "leaseId");
        UUID jobId = uuid(root, "jobId");
        Instant expiresAt;
        try {
            expiresAt = Instant.parse(requiredText(root, "expiresAt"));
        } catch (DateTimeParseException e) {
            throw new BadLeaseException("the lease's expiresAt is not an ISO instant");
        }
        Map<String, String> business = new LinkedHashMap<>();
        JsonNode profile = root.get("business");
        if (profile != null && profile.isObject()) {
            for (String field : PROFILE_FIELDS) {
                JsonNode value = profile.get(field);
                if (value != null && value.isString()) {
                    business.put(field, TerminalText.clean(value.stringValue(), MAX_PROFILE_VALUE));
                }
            }
        }
        List<Task> tasks = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        JsonNode taskNodes = root.get("tasks");
        if (taskNodes == null || !taskNodes.isArray()) {
            throw new BadLeaseException("the lease has no tasks array");
        }
        int index = 0;
        for (JsonNode node : taskNodes) {
            index++;
            if (tasks.size() >= maxTasks) {
                leftOut.add("task " + index + ": more than the " + maxTasks + " tasks asked for");
                continue;
            }
            String problem = problemOf(node);
            if (problem != null) {
                leftOut.add("task " + index + ": " + problem);
                continue;
            }
            tasks.add(task(node));
        }
        return new Parsed(
                new Lease(
                        leaseId,
                        expiresAt,
                        jobId,
                        intOf(root, "attempt"),
                        intOf(root, "priority"),
                        Collections.unmodifiableMap(business),
                        List.copyOf(tasks)),
                List.copyOf(leftOut));
    }

    /** Why the task cannot be worked, or null. Its ids go back to job-api as they came, so they must be plain. */
    private static String problemOf(JsonNode node) {
        if (!node.isObject()) {
            return "not a JSON object";
        }
        for (String field : List.of("taskId", "directoryId")) {
            JsonNode value = node.get(field);
            if (value == null || !value.isString() || value.stringValue().isBlank()) {
                return "no " + field;
            }
            if (!EventText.isClean(value.stringValue(), MAX_ID)
                    || !TerminalText.clean(value.stringValue(), MAX_ID).equals(value.stringValue())) {
                return field + " is too long or holds control or invisible characters";
            }
        }
        return null;
    }

    private static Task task(JsonNode node) {
        Map<String, String> mapping = new LinkedHashMap<>();
        JsonNode fields = node.get("fieldMapping");
        if (fields != null && fields.isObject()) {
            for (Map.Entry<String, JsonNode> field : fields.properties()) {
                if (mapping.size() >= MAX_FIELDS) {
                    break;
                }
                if (field.getValue().isString()) {
                    mapping.put(
                            TerminalText.clean(field.getKey(), MAX_NAME),
                            TerminalText.clean(field.getValue().stringValue(), MAX_NAME));
                }
            }
        }
        return new Task(
                node.get("taskId").stringValue(),
                node.get("directoryId").stringValue(),
                text(node, "name", MAX_NAME),
                text(node, "category", MAX_NAME),
                text(node, "submissionUrl", MAX_URL),
                Collections.unmodifiableMap(mapping),
                flag(node, "requiresLogin"),
                flag(node, "requiresCaptcha"));
    }

    private static UUID uuid(JsonNode root, String field) throws BadLeaseException {
        try {
            return UUID.fromString(requiredText(root, field));
        } catch (IllegalArgumentException e) {
            throw new BadLeaseException("the lease's " + field + " is not a UUID");
        }
    }

    private static String requiredText(JsonNode root, String field) throws BadLeaseException {
        JsonNode value = root.get(field);
        if (value == null || !value.isString() || value.stringValue().length() > MAX_ID) {
            throw new BadLeaseException("the lease has no " + field);
        }
        return value.stringValue();
    }

    private static String text(JsonNode node, String field, int maxLength) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? TerminalText.clean(value.stringValue(), maxLength) : null;
    }

    private static boolean flag(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isBoolean() && value.booleanValue();
    }

    private static int intOf(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.canConvertToInt() ? value.intValue() : 0;
    }
}
