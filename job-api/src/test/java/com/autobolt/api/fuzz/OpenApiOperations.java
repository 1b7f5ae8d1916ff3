package com.autobolt.api.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * The operations the API describes at {@code /v3/api-docs}: what the fuzzer generates requests for.
 * Reading the description, not a list kept by hand, means a new endpoint is fuzzed the day it is added.
 */
record OpenApiOperations(JsonNode document, List<Operation> operations) {

    /** One operation: its method, path template, parameters and, when it takes one, its body's schema. */
    record Operation(
            String method, String path, List<Parameter> parameters, JsonNode bodySchema, List<String> produces) {

        boolean streams() {
            return produces.contains("text/event-stream");
        }

        /** A page for people: every answer it describes is HTML. */
        boolean isPage() {
            return !produces.isEmpty() && produces.stream().allMatch(type -> type.startsWith("text/html"));
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** A path, query or header parameter. */
    record Parameter(String name, String in, boolean required, JsonNode schema) {}

    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    static OpenApiOperations of(JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        for (var path : document.path("paths").properties()) {
            for (String method : METHODS) {
                JsonNode operation = path.getValue().path(method);
                if (operation.isMissingNode()) {
                    continue;
                }
                List<Parameter> parameters = new ArrayList<>();
                for (JsonNode parameter : operation.path("parameters")) {
                    parameters.add(new Parameter(
                            parameter.path("name").asString(),
                            parameter.path("in").asString(),
                            parameter.path("required").asBoolean(false),
                            parameter.path("schema")));
                }
                JsonNode content = operation.path("requestBody").path("content");
                JsonNode bodySchema = content.isMissingNode() || content.isEmpty()
                        ? null
                        : content.properties().iterator().next().getValue().path("schema");
                List<String> produces = new ArrayList<>();
                for (JsonNode response : operation.path("responses")) {
                    response.path("content").propertyNames().forEach(produces::add);
                }
                operations.add(new Operation(
                        method.toUpperCase(Locale.ROOT), path.getKey(), parameters, bodySchema, produces));
            }
        }
        return new OpenApiOperations(document, List.copyOf(operations));
    }

    /** The schema itself, following a {@code $ref} into the document's components. */
    JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        for (int hops = 0; current != null && current.has("$ref") && hops < 10; hops++) {
            String ref = current.path("$ref").asString();
            current = document.at(ref.substring(1));
        }
        return current;
    }
}
