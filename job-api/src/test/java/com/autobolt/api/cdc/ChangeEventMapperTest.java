package com.autobolt.api.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.autobolt.schemas.ChangeOperation;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.JobChanged;
import com.autobolt.schemas.JobOrigin;
import com.autobolt.schemas.JobStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** Mapping of Debezium's PostgreSQL change records, built here in the shape the connector emits. */
class ChangeEventMapperTest {

    /** A jobs row as migration V10 left it: with origin and dispatch_held. */
    private static final Schema ROW = rowSchema(true);
    /** A jobs row of a change committed before V10. */
    private static final Schema ROW_BEFORE_V10 = rowSchema(false);

    private static Schema rowSchema(boolean withOrigin) {
        SchemaBuilder row = SchemaBuilder.struct()
                .optional()
                .field("id", Schema.STRING_SCHEMA)
                .field("customer_id", Schema.STRING_SCHEMA)
                .field("package_type", Schema.STRING_SCHEMA)
                .field("directory_count", Schema.INT32_SCHEMA)
                .field("priority", Schema.INT16_SCHEMA)
                .field("status", Schema.STRING_SCHEMA)
                .field("attempt", Schema.INT32_SCHEMA)
                .field(
                        "planned_directory_ids",
                        SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).build())
                .field(
                        "dispatch_directory_ids",
                        SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).build())
                .field("business_profile", Schema.STRING_SCHEMA)
                .field("progress_total", Schema.INT32_SCHEMA)
                .field("progress_submitted", Schema.INT32_SCHEMA)
                .field("progress_failed", Schema.INT32_SCHEMA)
                .field("progress_skipped", Schema.INT32_SCHEMA)
                .field("progress_done", Schema.INT32_SCHEMA)
                .field("progress_percent", Schema.INT16_SCHEMA)
                .field("created_at", Schema.STRING_SCHEMA)
                .field("updated_at", Schema.STRING_SCHEMA)
                .field("started_at", Schema.OPTIONAL_STRING_SCHEMA)
                .field("completed_at", Schema.OPTIONAL_STRING_SCHEMA)
                .field("error_message", Schema.OPTIONAL_STRING_SCHEMA)
                .field("version", Schema.INT64_SCHEMA);
        if (withOrigin) {
            row.field("origin", Schema.STRING_SCHEMA)
                    .field("dispatch_held", Schema.BOOLEAN_SCHEMA)
                    .field("external_ref", Schema.OPTIONAL_STRING_SCHEMA)
                    .field("metadata", Schema.OPTIONAL_STRING_SCHEMA);
        }
        return row.build();
    }

    private static final Schema SOURCE = SchemaBuilder.struct()
            .field("table", Schema.STRING_SCHEMA)
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .field("txId", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
            .build();
    private static final Schema ENVELOPE = envelopeOf(ROW);

    private static Schema envelopeOf(Schema row) {
        return SchemaBuilder.struct()
                .field("before", row)
                .field("after", row)
                .field("source", SOURCE)
                .field("op", Schema.STRING_SCHEMA)
                .build();
    }

    private final ChangeEventMapper mapper = new ChangeEventMapper("jobs-topic", "directories-topic");
    private final UUID jobId = UUID.randomUUID();

    @Test
    void shouldMapAnUpdateWithCommitPositionToAJobChangedKeyedByJobId() {
        Struct before = row("failed", 1, List.of("a", "b"), "{\"businessName\": \"B\", \"email\": \"e@x.io\"}");
        Struct after = row("pending", 2, List.of("a", "b"), "{\"businessName\": \"B\", \"email\": \"e@x.io\"}");

        ChangeEventMapper.Mapped mapped = mapper.map(record("jobs", "u", before, after));

        assertThat(mapped.topic()).isEqualTo("jobs-topic");
        assertThat(mapped.key()).isEqualTo(jobId.toString());
        JobChanged event = EventJson.read(mapped.value(), JobChanged.class);
        assertThat(event.op()).isEqualTo(ChangeOperation.UPDATED);
        assertThat(event.before().status()).isEqualTo(JobStatus.FAILED);
        assertThat(event.after().attempt()).isEqualTo(2);
        assertThat(event.source().lsn()).isEqualTo(24_023_128L);
        assertThat(event.source().txId()).isEqualTo(771L);
        assertThat(event.source().commitTimestamp()).isEqualTo(Instant.parse("2026-11-28T12:00:04.000123Z"));
        assertThat(event.after().createdAt()).isEqualTo(Instant.parse("2026-11-28T12:00:00.123456Z"));
    }

    @Test
    void shouldFillAnUnchangedToastedValueFromTheRowBefore() {
        Struct before = row("pending", 1, List.of("a", "b", "c"), "{\"businessName\": \"B\", \"email\": \"e@x.io\"}");
        Struct after = row("in_progress", 1, List.of(Row.UNAVAILABLE), Row.UNAVAILABLE);

        JobChanged event =
                EventJson.read(mapper.map(record("jobs", "u", before, after)).value(), JobChanged.class);

        assertThat(event.after().plannedDirectoryIds()).containsExactly("a", "b", "c");
        assertThat(event.after().profile().businessName()).isEqualTo("B");
    }

    @Test
    void shouldRefuseARowThatBreaksTheContractWithTheReason() {
        Struct after = row("pending", 1, List.of("a", "b"), "{\"email\": \"e@x.io\"}");

        assertThatThrownBy(() -> mapper.map(record("jobs", "c", null, after)))
                .isInstanceOf(UnmappableChangeException.class)
                .hasMessageContaining("businessName");
    }

    @Test
    void shouldCarryAnImportedJobsOriginAndDispatchHold() {
        Struct after = row("pending", 1, List.of("a", "b"), "{\"businessName\": \"B\", \"email\": \"e@x.io\"}")
                .put("origin", "legacy-import")
                .put("dispatch_held", true);

        JobChanged event =
                EventJson.read(mapper.map(record("jobs", "c", null, after)).value(), JobChanged.class);

        assertThat(event.after().origin()).isEqualTo(JobOrigin.LEGACY_IMPORT);
        assertThat(event.after().dispatchHeld()).isTrue();
    }

    @Test
    void shouldCarryTheCreatorsReferenceAndMetadata() {
        Struct after = row("pending", 1, List.of("a", "b"), "{\"businessName\": \"B\", \"email\": \"e@x.io\"}")
                .put("external_ref", "order-1001")
                .put("metadata", "{\"channel\": \"web\", \"items\": [1, 2], \"gift\": null}");

        JobChanged event =
                EventJson.read(mapper.map(record("jobs", "c", null, after)).value(), JobChanged.class);

        assertThat(event.after().externalRef()).isEqualTo("order-1001");
        assertThat(event.after().metadata())
                .containsEntry("channel", "web")
                .containsEntry("items", List.of(1, 2))
                .containsEntry("gift", null);
        JobChanged without = EventJson.read(
                mapper.map(record(
                                "jobs",
                                "c",
                                null,
                                row("pending", 1, List.of("a"), "{\"businessName\": \"B\", \"email\": \"e@x.io\"}")))
                        .value(),
                JobChanged.class);
        assertThat(without.after().externalRef()).isNull();
        assertThat(without.after().metadata()).isNull();
    }

    @Test
    void shouldMapAChangeFromBeforeTheOriginColumnToAnApiJobNotHeld() {
        Struct after = row(
                ROW_BEFORE_V10, "pending", 1, List.of("a", "b"), "{\"businessName\": \"B\", \"email\": \"e@x.io\"}");

        JobChanged event = EventJson.read(
                mapper.map(record("jobs", "c", null, after, envelopeOf(ROW_BEFORE_V10)))
                        .value(),
                JobChanged.class);

        assertThat(event.after().origin()).isEqualTo(JobOrigin.API);
        assertThat(event.after().dispatchHeld()).isFalse();
    }

    @Test
    void shouldIgnoreRecordsOfOtherTables() {
        assertThat(mapper.map(record("cdc_heartbeat", "u", null, null))).isNull();
        assertThat(mapper.map(new SourceRecord(Map.of(), Map.of(), "__debezium-heartbeat", null, null)))
                .isNull();
    }

    private Struct row(String status, int attempt, List<String> planned, String profile) {
        return row(ROW, status, attempt, planned, profile).put("origin", "api").put("dispatch_held", false);
    }

    private Struct row(Schema schema, String status, int attempt, List<String> planned, String profile) {
        return new Struct(schema)
                .put("id", jobId.toString())
                .put("customer_id", UUID.randomUUID().toString())
                .put("package_type", "starter")
                .put("directory_count", 2)
                .put("priority", (short) 3)
                .put("status", status)
                .put("attempt", attempt)
                .put("planned_directory_ids", planned)
                .put("dispatch_directory_ids", planned)
                .put("business_profile", profile)
                .put("progress_total", 2)
                .put("progress_submitted", 1)
                .put("progress_failed", 0)
                .put("progress_skipped", 0)
                .put("progress_done", 1)
                .put("progress_percent", (short) 50)
                .put("created_at", "2026-11-28T12:00:00.123456Z")
                .put("updated_at", "2026-11-28T12:00:04Z")
                .put("version", 3L);
    }

    private static SourceRecord record(String table, String op, Struct before, Struct after) {
        return record(table, op, before, after, ENVELOPE);
    }

    private static SourceRecord record(String table, String op, Struct before, Struct after, Schema envelopeSchema) {
        Struct source = new Struct(SOURCE)
                .put("table", table)
                .put("lsn", 24_023_128L)
                .put("txId", 771L)
                .put("ts_ms", 1_795_867_204_000L)
                .put("ts_us", 1_795_867_204_000_123L);
        Struct envelope = new Struct(envelopeSchema)
                .put("before", before)
                .put("after", after)
                .put("source", source)
                .put("op", op);
        return new SourceRecord(Map.of(), Map.of(), "autobolt.public." + table, envelopeSchema, envelope);
    }
}
