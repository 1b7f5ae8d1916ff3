package com.autobolt.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fails the build when a schema file changed in a way that breaks an existing subscriber. The
 * published versions live in {@code compatibility-baseline/}; a breaking change needs a new
 * schema version (a new file), never an edit of a published one.
 */
class SchemaCompatibilityTest {

    private static final Path BASELINE = Path.of("compatibility-baseline");
    private static final Path CURRENT = Path.of("src/main/resources/schemas");

    static Stream<String> publishedSchemas() throws IOException {
        try (Stream<Path> files = Files.list(BASELINE)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publishedSchemas")
    void shouldKeepEveryPublishedSchemaCompatible(String file) throws IOException {
        assertThat(CURRENT.resolve(file))
                .as("a published schema must not be deleted")
                .exists();

        assertThat(SchemaCompatibility.breakingChanges(read(BASELINE.resolve(file)), read(CURRENT.resolve(file))))
                .isEmpty();
    }

    @Test
    void shouldHaveABaselineForEverySchema() throws IOException {
        try (Stream<Path> files = Files.list(CURRENT)) {
            List<String> unpublished = files.filter(p -> p.toString().endsWith(".schema.json"))
                    .map(p -> p.getFileName().toString())
                    .filter(name -> !Files.exists(BASELINE.resolve(name)))
                    .toList();
            assertThat(unpublished)
                    .as("copy a new schema into compatibility-baseline/ when it is published")
                    .isEmpty();
        }
    }

    @Test
    void shouldAcceptANewOptionalField() throws IOException {
        ObjectNode current = jobSchema();
        ((ObjectNode) current.get("properties")).putObject("region").put("type", "string");

        assertThat(SchemaCompatibility.breakingChanges(jobSchema(), current)).isEmpty();
    }

    @Test
    void shouldRejectARemovedField() throws IOException {
        ObjectNode current = jobSchema();
        jobState(current).remove("startedAt");

        assertThat(SchemaCompatibility.breakingChanges(jobSchema(), current))
                .containsExactlyInAnyOrder("$.after.startedAt: removed", "$.before.startedAt: removed");
    }

    @Test
    void shouldRejectARetypedField() throws IOException {
        ObjectNode current = jobSchema();
        ((ObjectNode) jobState(current).get("priority")).put("type", "string");

        assertThat(SchemaCompatibility.breakingChanges(jobSchema(), current))
                .anyMatch(change -> change.startsWith("$.before.priority: retyped from [integer] to [string]"));
    }

    @Test
    void shouldRejectANewlyNullableField() throws IOException {
        ObjectNode current = jobSchema();
        ArrayNode nullable = ((ObjectNode) jobState(current).get("attempt")).putArray("type");
        nullable.add("integer").add("null");

        assertThat(SchemaCompatibility.breakingChanges(jobSchema(), current)).isNotEmpty();
    }

    @Test
    void shouldRejectANewRequiredField() throws IOException {
        ObjectNode current = jobSchema();
        ((ArrayNode) current.get("required")).add("region");
        ((ObjectNode) current.get("properties")).putObject("region").put("type", "string");

        assertThat(SchemaCompatibility.breakingChanges(jobSchema(), current))
                .containsExactly("$: new required field \"region\"");
    }

    @Test
    void shouldRejectANewEnumValue() throws IOException {
        ObjectNode current = jobSchema();
        ((ArrayNode) jobState(current).get("status").get("enum")).add("paused");

        assertThat(SchemaCompatibility.breakingChanges(jobSchema(), current))
                .contains("$.before.status: new enum value \"paused\"");
    }

    private static ObjectNode jobState(ObjectNode schema) {
        return (ObjectNode) schema.get("$defs").get("JobState").get("properties");
    }

    private static ObjectNode jobSchema() throws IOException {
        return (ObjectNode) read(CURRENT.resolve("job-changed.v1.schema.json"));
    }

    private static JsonNode read(Path file) throws IOException {
        return EventJson.mapper().readTree(Files.readAllBytes(file));
    }
}
