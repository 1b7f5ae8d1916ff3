package com.autobolt.api.cdc;

import com.autobolt.kafka.observability.TraceParent;
import com.autobolt.schemas.BusinessProfile;
import com.autobolt.schemas.ChangeOperation;
import com.autobolt.schemas.ChangeSource;
import com.autobolt.schemas.DirectoryChanged;
import com.autobolt.schemas.DirectoryState;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.ExecutionMode;
import com.autobolt.schemas.JobChanged;
import com.autobolt.schemas.JobOrigin;
import com.autobolt.schemas.JobState;
import com.autobolt.schemas.JobStatus;
import com.autobolt.schemas.MessageKeys;
import com.autobolt.schemas.PackageType;
import com.autobolt.schemas.Progress;
import com.autobolt.schemas.SubmissionMethod;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns Debezium change records of {@code jobs} and {@code directories} into the published events
 * ({@link JobChanged}, {@link DirectoryChanged}). Records of other kinds (heartbeats) map to nothing.
 */
final class ChangeEventMapper {

    /**
     * An event ready to send: topic, key and JSON value.
     *
     * @param committedAt when the change was committed in PostgreSQL (for a snapshot read: when it was read)
     */
    /** @param traceParent the job's {@code traceparent} (job-api's creating request) when valid, else null */
    record Mapped(String topic, String key, byte[] value, long lsn, Instant committedAt, String traceParent) {}

    private final String jobsTopic;
    private final String directoriesTopic;

    ChangeEventMapper(String jobsTopic, String directoriesTopic) {
        this.jobsTopic = jobsTopic;
        this.directoriesTopic = directoriesTopic;
    }

    /** Whether the record is a row change of a streamed table, as opposed to a heartbeat or a tombstone. */
    static boolean isRowChange(SourceRecord record) {
        return record.value() instanceof Struct value
                && value.schema().field("op") != null
                && value.schema().field("source") != null;
    }

    /** The topic a row change of this record's table goes to, or {@code null} for another table. */
    String topicOf(SourceRecord record) {
        return switch (tableOf(record)) {
            case "jobs" -> jobsTopic;
            case "directories" -> directoriesTopic;
            default -> null;
        };
    }

    static String tableOf(SourceRecord record) {
        if (!isRowChange(record)) {
            return "";
        }
        Struct source = ((Struct) record.value()).getStruct("source");
        return source.schema().field("table") == null ? "" : String.valueOf(source.get("table"));
    }

    /**
     * Maps a row change, or throws {@link UnmappableChangeException} saying why it cannot be
     * published. Returns {@code null} for a record that is not a row change of a streamed table.
     */
    Mapped map(SourceRecord record) {
        String topic = topicOf(record);
        if (topic == null) {
            return null;
        }
        Struct envelope = (Struct) record.value();
        ChangeOperation op = operationOf(envelope.getString("op"));
        ChangeSource source = sourceOf(envelope.getStruct("source"));
        Row before = Row.of(envelope.getStruct("before"), null);
        Row after = Row.of(envelope.getStruct("after"), before);
        try {
            return topic.equals(jobsTopic) ? job(op, before, after, source) : directory(op, before, after, source);
        } catch (UnmappableChangeException e) {
            throw e;
        } catch (RuntimeException e) {
            // The event records validate themselves; a row that breaks a contract rule lands here.
            throw new UnmappableChangeException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private Mapped job(ChangeOperation op, Row before, Row after, ChangeSource source) {
        JobChanged event = jobChanged(op, before, after, source);
        return new Mapped(
                jobsTopic,
                MessageKeys.job(event.jobId()),
                EventJson.write(event),
                source.lsn(),
                source.commitTimestamp(),
                TraceParent.valid(after != null ? after.optionalText("trace_parent") : null));
    }

    static JobChanged jobChanged(ChangeOperation op, Row before, Row after, ChangeSource source) {
        JobState beforeState = before == null ? null : jobState(before);
        JobState afterState = after == null ? null : jobState(after);
        JobState identified = afterState != null ? afterState : beforeState;
        if (identified == null) {
            throw new UnmappableChangeException("a jobs change with neither before nor after row");
        }
        return new JobChanged(JobChanged.SCHEMA_VERSION, op, identified.id(), beforeState, afterState, source);
    }

    private Mapped directory(ChangeOperation op, Row before, Row after, ChangeSource source) {
        DirectoryState beforeState = before == null ? null : directoryState(before);
        DirectoryState afterState = after == null ? null : directoryState(after);
        DirectoryState identified = afterState != null ? afterState : beforeState;
        if (identified == null) {
            throw new UnmappableChangeException("a directories change with neither before nor after row");
        }
        DirectoryChanged event = new DirectoryChanged(
                DirectoryChanged.SCHEMA_VERSION, op, identified.id(), beforeState, afterState, source);
        return new Mapped(
                directoriesTopic,
                MessageKeys.directory(identified.id()),
                EventJson.write(event),
                source.lsn(),
                source.commitTimestamp(),
                null);
    }

    static JobState jobState(Row row) {
        int total = row.integer("progress_total");
        int submitted = row.integer("progress_submitted");
        int failed = row.integer("progress_failed");
        int skipped = row.integer("progress_skipped");
        int done = row.integer("progress_done");
        Progress progress =
                new Progress(total, done, submitted, failed, skipped, total - done, row.integer("progress_percent"));
        return new JobState(
                row.uuid("id"),
                row.uuid("customer_id"),
                PackageType.fromValue(row.requiredText("package_type")),
                row.integer("directory_count"),
                row.integer("priority"),
                JobStatus.fromValue(row.requiredText("status")),
                row.integer("attempt"),
                row.textArray("planned_directory_ids"),
                row.textArray("dispatch_directory_ids"),
                row.json("business_profile", BusinessProfile.class),
                progress,
                row.instant("created_at"),
                row.instant("updated_at"),
                row.instant("started_at"),
                row.instant("completed_at"),
                row.text("error_message"),
                row.bigint("version"),
                // Absent from changes committed before migration V10 added them.
                JobOrigin.fromValue(row.textOr("origin", JobOrigin.API.value())),
                row.boolOr("dispatch_held", false),
                row.textOr("external_ref", null),
                row.jsonObjectOr("metadata"));
    }

    static DirectoryState directoryState(Row row) {
        Map<String, String> fieldMapping = new LinkedHashMap<>();
        row.jsonObject("field_mapping").forEach((key, value) -> fieldMapping.put(key, String.valueOf(value)));
        return new DirectoryState(
                row.requiredText("id"),
                row.requiredText("name"),
                row.text("website"),
                row.text("category"),
                row.requiredText("submission_url"),
                SubmissionMethod.fromValue(row.requiredText("submission_method")),
                fieldMapping,
                row.integer("domain_authority"),
                row.bool("active"),
                row.bigint("min_interval_ms"),
                row.bool("requires_login"),
                row.bool("requires_captcha"),
                row.instant("created_at"),
                row.instant("updated_at"),
                // Absent from rows streamed before migration V16: the state then applies the default.
                executionMode(row.textOr("execution_mode", null)));
    }

    private static ExecutionMode executionMode(String value) {
        return value == null ? null : ExecutionMode.fromValue(value);
    }

    private static ChangeOperation operationOf(String op) {
        return switch (op) {
            case "c" -> ChangeOperation.CREATED;
            case "u" -> ChangeOperation.UPDATED;
            case "d" -> ChangeOperation.DELETED;
            case "r" -> ChangeOperation.SNAPSHOT;
            default -> throw new UnmappableChangeException("unsupported change operation '" + op + "'");
        };
    }

    private static ChangeSource sourceOf(Struct source) {
        Long lsn = longField(source, "lsn");
        if (lsn == null) {
            throw new UnmappableChangeException("the change record has no source.lsn");
        }
        Long txId = longField(source, "txId");
        return new ChangeSource(lsn, txId == null ? 0 : txId, commitTimestamp(source));
    }

    private static Instant commitTimestamp(Struct source) {
        // Microseconds when Debezium provides them: PostgreSQL records commit times to the microsecond.
        Long micros = longField(source, "ts_us");
        if (micros != null) {
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
        }
        Long millis = longField(source, "ts_ms");
        if (millis == null) {
            throw new UnmappableChangeException("the change record has no commit timestamp");
        }
        return Instant.ofEpochMilli(millis);
    }

    private static Long longField(Struct struct, String name) {
        if (struct.schema().field(name) == null) {
            return null;
        }
        Object value = struct.get(name);
        return value == null ? null : ((Number) value).longValue();
    }
}
