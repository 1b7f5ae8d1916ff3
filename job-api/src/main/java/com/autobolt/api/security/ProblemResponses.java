package com.autobolt.api.security;

import com.autobolt.api.error.ProblemType;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Declares the error responses of every API operation in the generated description, by rule rather
 * than by an annotation on each method, so that no operation can be added without them: every
 * operation can answer 401, 403 and 500; one with parameters or a body 400; one with a body 413 and
 * 415; one with an id in its path 404; every POST, PUT and PATCH 409. Each is
 * {@code application/problem+json} with the {@code Problem} schema and an example per
 * {@link ProblemType} of that status.
 */
final class ProblemResponses implements OpenApiCustomizer {

    static final String PROBLEM_JSON = "application/problem+json";
    private static final String SCHEMA = "Problem";
    // Operations that refuse a well-formed request for what it refers to (a customer that does not exist).
    // Edits with optimistic concurrency answer 412 for a stale If-Match and 428 without one.
    private static final Map<String, List<ProblemType>> EXTRA = Map.of(
            "POST /api/jobs",
            List.of(ProblemType.UNPROCESSABLE),
            "POST /api/jobs/batch",
            List.of(ProblemType.UNPROCESSABLE),
            "PATCH /api/customers/{id}",
            List.of(ProblemType.PRECONDITION_FAILED, ProblemType.PRECONDITION_REQUIRED));

    @Override
    public void customise(OpenAPI api) {
        if (api.getComponents() == null) {
            api.setComponents(new Components());
        }
        api.getComponents().addSchemas(SCHEMA, problemSchema());
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.readOperationsMap().forEach((method, operation) -> declare(path, method, operation));
            }
        });
    }

    private static void declare(String path, PathItem.HttpMethod method, Operation operation) {
        List<ProblemType> types =
                new ArrayList<>(List.of(ProblemType.UNAUTHENTICATED, ProblemType.FORBIDDEN, ProblemType.INTERNAL));
        boolean hasBody = operation.getRequestBody() != null;
        if (hasBody
                || (operation.getParameters() != null
                        && !operation.getParameters().isEmpty())) {
            types.add(ProblemType.INVALID_REQUEST);
        }
        if (hasBody) {
            types.add(ProblemType.BODY_TOO_LARGE);
            types.add(ProblemType.UNSUPPORTED_MEDIA_TYPE);
        }
        if (path.contains("{")) {
            types.add(ProblemType.NOT_FOUND);
        }
        if (method == PathItem.HttpMethod.POST
                || method == PathItem.HttpMethod.PUT
                || method == PathItem.HttpMethod.PATCH) {
            types.add(ProblemType.CONFLICT);
            if (path.endsWith("/retry") || path.endsWith("/cancel")) {
                types.add(ProblemType.ILLEGAL_TRANSITION);
            }
        }
        types.addAll(EXTRA.getOrDefault(method + " " + path, List.of()));
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        Map<Integer, List<ProblemType>> byStatus = new LinkedHashMap<>();
        types.forEach(type -> byStatus.computeIfAbsent(type.status().value(), s -> new ArrayList<>())
                .add(type));
        byStatus.forEach(
                (status, kinds) -> operation.getResponses().addApiResponse(String.valueOf(status), response(kinds)));
    }

    private static ApiResponse response(List<ProblemType> kinds) {
        MediaType media = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA));
        for (ProblemType kind : kinds) {
            Map<String, Object> example = new LinkedHashMap<>();
            example.put("type", kind.uri().toString());
            example.put("title", kind.status().getReasonPhrase());
            example.put("status", kind.status().value());
            example.put("detail", kind.exampleDetail());
            media.addExamples(kind.name().toLowerCase().replace('_', '-'), new Example().value(example));
        }
        return new ApiResponse()
                .description(kinds.get(0).status().getReasonPhrase() + " ("
                        + String.join(
                                ", ",
                                kinds.stream().map(k -> k.uri().toString()).toList()) + ")")
                .content(new Content().addMediaType(PROBLEM_JSON, media));
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        return new ObjectSchema()
                .description(
                        "RFC 9457 problem details. `type` names the kind of error and is stable; `detail` is for people.")
                .addProperty("type", new StringSchema().format("uri").description("one of " + ProblemType.BASE + "*"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty(
                        "errors",
                        new io.swagger.v3.oas.models.media.ArraySchema()
                                .items(new ObjectSchema()
                                        .addProperty("field", new StringSchema())
                                        .addProperty("message", new StringSchema()))
                                .description("for invalid-request: each invalid field and what is wrong with it"));
    }
}
