package com.autobolt.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Every event record serializes to exactly the shape its JSON Schema file publishes. */
class EventContractTest {

    private static final SchemaRegistry REGISTRY =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    static Stream<Arguments> records() {
        return Stream.of(
                Arguments.of("directory-task-dispatched", SampleEvents.aDispatchedTask()),
                Arguments.of("directory-result-reported", SampleEvents.aSubmittedResult()),
                Arguments.of("directory-result-reported", SampleEvents.aPendingResult()),
                Arguments.of("job-changed", SampleEvents.aJobUpdate()),
                Arguments.of("job-changed", SampleEvents.aJobCreation()),
                Arguments.of("directory-changed", SampleEvents.aDirectoryCreation()),
                Arguments.of("directory-breaker-changed", SampleEvents.anOpenBreaker()),
                Arguments.of("directory-outcome-recorded", SampleEvents.aFailedOutcome()),
                Arguments.of("directory-outcome-recorded", SampleEvents.aSkippedOutcomeOfAnUnknownDirectory()),
                Arguments.of(
                        "job-summary-changed",
                        JobSummaryChanged.of(SampleEvents.aJobUpdate().after())),
                Arguments.of("job-summary-changed", SampleEvents.aCompletedJobSummary()));
    }

    static Stream<Arguments> contracts() {
        return Stream.of(
                Arguments.of("directory-task-dispatched", DirectoryTaskDispatched.class),
                Arguments.of("directory-result-reported", DirectoryResultReported.class),
                Arguments.of("job-changed", JobChanged.class),
                Arguments.of("directory-changed", DirectoryChanged.class),
                Arguments.of("directory-breaker-changed", DirectoryBreakerChanged.class),
                Arguments.of("directory-outcome-recorded", DirectoryOutcomeRecorded.class),
                Arguments.of("job-summary-changed", JobSummaryChanged.class));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("records")
    void shouldSerializeEveryRecordToItsSchema(String schemaName, Object event) {
        JsonNode json = EventJson.mapper().readTree(EventJson.write(event));

        assertThat(schema(schemaName).validate(json)).isEmpty();
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    void shouldReadBackWhatItWrites(String schemaName, Object event) {
        assertThat(EventJson.read(EventJson.write(event), event.getClass())).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contracts")
    void shouldAcceptTheValidExampleInSchemaAndRecord(String schemaName, Class<?> type) {
        byte[] example = resource("schemas/examples/" + schemaName + ".valid.json");

        assertThat(schema(schemaName).validate(EventJson.mapper().readTree(example)))
                .isEmpty();
        Object event = EventJson.read(example, type);
        assertThat(schema(schemaName).validate(EventJson.mapper().readTree(EventJson.write(event))))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contracts")
    void shouldRejectTheInvalidExampleInSchemaAndRecord(String schemaName, Class<?> type) {
        byte[] example = resource("schemas/examples/" + schemaName + ".invalid.json");

        List<Error> errors = schema(schemaName).validate(EventJson.mapper().readTree(example));
        assertThat(errors).isNotEmpty();
        assertThatThrownBy(() -> EventJson.read(example, type)).isInstanceOf(InvalidEventException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contracts")
    void shouldRejectAnEventOfAnUnknownSchemaVersion(String schemaName, Class<?> type) {
        String example = new String(resource("schemas/examples/" + schemaName + ".valid.json"))
                .replace("\"schemaVersion\": 1", "\"schemaVersion\": 2");

        assertThatThrownBy(() -> EventJson.read(example.getBytes(), type))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("schemaVersion 2 is not supported");
        assertThat(schema(schemaName).validate(EventJson.mapper().readTree(example)))
                .isNotEmpty();
    }

    @org.junit.jupiter.api.Test
    void shouldLeaveEveryPersonalFieldOutOfTheJobSummary() {
        String summary = EventJson.writeString(
                JobSummaryChanged.of(SampleEvents.aJobUpdate().after()));
        BusinessProfile profile = SampleEvents.aProfile();

        assertThat(summary)
                .doesNotContain(SampleEvents.CUSTOMER_ID.toString())
                .doesNotContain(profile.businessName())
                .doesNotContain(profile.email())
                .doesNotContain(profile.phone())
                .doesNotContain(profile.address())
                .doesNotContain("profile");
    }

    static Schema schema(String name) {
        return REGISTRY.getSchema(new java.io.ByteArrayInputStream(resource("schemas/" + name + ".v1.schema.json")));
    }

    static byte[] resource(String path) {
        try (InputStream in = EventContractTest.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
