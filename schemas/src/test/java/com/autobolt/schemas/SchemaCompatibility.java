package com.autobolt.schemas;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Decides whether a changed JSON Schema still suits subscribers written against the published one.
 * Breaking: a removed field, a retyped field (a type the published schema did not allow), a new
 * required field, a changed constant, or a new enum value (an exhaustive switch would not know it).
 * Adding optional fields is fine: every reader ignores fields it does not know.
 */
final class SchemaCompatibility {

    private final JsonNode publishedRoot;
    private final JsonNode currentRoot;
    private final List<String> breakingChanges = new ArrayList<>();

    private SchemaCompatibility(JsonNode publishedRoot, JsonNode currentRoot) {
        this.publishedRoot = publishedRoot;
        this.currentRoot = currentRoot;
    }

    /** The breaking changes from {@code published} to {@code current}; empty when compatible. */
    static List<String> breakingChanges(JsonNode published, JsonNode current) {
        SchemaCompatibility check = new SchemaCompatibility(published, current);
        check.compare("$", published, current);
        return check.breakingChanges;
    }

    private void compare(String path, JsonNode publishedNode, JsonNode currentNode) {
        JsonNode published = resolve(publishedRoot, publishedNode);
        JsonNode current = resolve(currentRoot, currentNode);
        compareTypes(path, published, current);
        compareConstAndEnum(path, published, current);
        compareRequired(path, published, current);
        compareProperties(path, published, current);
        if (published.has("items") && current.has("items")) {
            compare(path + "[]", published.get("items"), current.get("items"));
        }
        if (published.path("additionalProperties").isObject()
                && current.path("additionalProperties").isObject()) {
            compare(path + ".*", published.get("additionalProperties"), current.get("additionalProperties"));
        }
    }

    private void compareTypes(String path, JsonNode published, JsonNode current) {
        Set<String> before = types(published);
        Set<String> after = types(current);
        if (!before.isEmpty() && (after.isEmpty() || !before.containsAll(after))) {
            breakingChanges.add(path + ": retyped from " + before + " to " + (after.isEmpty() ? "any" : after));
        }
    }

    private void compareConstAndEnum(String path, JsonNode published, JsonNode current) {
        if (published.has("const") && !published.get("const").equals(current.get("const"))) {
            breakingChanges.add(
                    path + ": constant changed from " + published.get("const") + " to " + current.get("const"));
        }
        if (published.has("enum")) {
            Set<JsonNode> allowed = elements(published.get("enum"));
            if (!current.has("enum")) {
                breakingChanges.add(path + ": enum " + allowed + " opened to any value");
                return;
            }
            for (JsonNode value : elements(current.get("enum"))) {
                if (!allowed.contains(value)) {
                    breakingChanges.add(path + ": new enum value " + value);
                }
            }
        }
    }

    private void compareRequired(String path, JsonNode published, JsonNode current) {
        Set<JsonNode> before = elements(published.path("required"));
        for (JsonNode field : elements(current.path("required"))) {
            if (!before.contains(field)) {
                breakingChanges.add(path + ": new required field " + field);
            }
        }
    }

    private void compareProperties(String path, JsonNode published, JsonNode current) {
        JsonNode currentProperties = current.path("properties");
        for (var property : published.path("properties").properties()) {
            String fieldPath = path + "." + property.getKey();
            if (!currentProperties.has(property.getKey())) {
                breakingChanges.add(fieldPath + ": removed");
            } else {
                compare(fieldPath, property.getValue(), currentProperties.get(property.getKey()));
            }
        }
    }

    private static JsonNode resolve(JsonNode root, JsonNode node) {
        JsonNode resolved = node;
        while (resolved.has("$ref")) {
            String ref = resolved.get("$ref").asString();
            if (!ref.startsWith("#/")) {
                throw new IllegalArgumentException("only local references are supported, found " + ref);
            }
            resolved = root.at(ref.substring(1));
            if (resolved.isMissingNode()) {
                throw new IllegalArgumentException("unresolvable reference " + ref);
            }
        }
        return resolved;
    }

    private static Set<String> types(JsonNode schema) {
        Set<String> types = new LinkedHashSet<>();
        JsonNode type = schema.path("type");
        if (type.isString()) {
            types.add(type.asString());
        } else {
            type.forEach(t -> types.add(t.asString()));
        }
        if (types.isEmpty() && schema.has("const")) {
            types.add(schema.get("const").isNumber() ? "integer" : "string");
        }
        return types;
    }

    private static Set<JsonNode> elements(JsonNode array) {
        Set<JsonNode> values = new LinkedHashSet<>();
        array.forEach(values::add);
        return values;
    }
}
