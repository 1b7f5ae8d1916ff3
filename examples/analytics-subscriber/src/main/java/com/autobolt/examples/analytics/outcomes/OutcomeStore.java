package com.autobolt.examples.analytics.outcomes;

import com.autobolt.schemas.DirectoryOutcomeRecorded;
import com.autobolt.schemas.ResultStatus;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes what records say into {@code outcomes} and {@code directory_days}. Every method runs inside the
 * caller's transaction, the one that also moves the stored offsets.
 */
@Component
class OutcomeStore {

    private static final Logger log = LoggerFactory.getLogger(OutcomeStore.class);

    private final JdbcTemplate jdbc;

    OutcomeStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The outcome now counted for a (job, directory): what it adds to its directory's day. */
    private record Counted(int attempt, ResultStatus status, String directoryId, LocalDate day) {}

    void apply(TopicRecord record, SourceOffset source) {
        if (record instanceof TopicRecord.Outcome outcome) {
            record(outcome.event());
        } else if (record instanceof TopicRecord.Tombstone tombstone) {
            forget(tombstone.jobId(), tombstone.directoryId());
        } else if (record instanceof TopicRecord.Unreadable unreadable) {
            skip(source, unreadable.reason());
        }
    }

    /** Counts the outcome in place of the one counted so far for its (job, directory), if any. */
    private void record(DirectoryOutcomeRecorded event) {
        Counted previous = counted(event.jobId(), event.directoryId());
        if (previous != null && previous.attempt() > event.attempt()) {
            // The latest attempt wins: an older attempt's outcome published again changes nothing.
            log.debug(
                    "kept attempt {} of {}/{} over the outcome of its older attempt {}",
                    previous.attempt(),
                    event.jobId(),
                    event.directoryId(),
                    event.attempt());
            return;
        }
        LocalDate day = event.occurredAt().atOffset(ZoneOffset.UTC).toLocalDate();
        jdbc.update(
                """
                INSERT INTO outcomes (job_id, directory_id, attempt, status, duration_ms, occurred_at, day)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (job_id, directory_id) DO UPDATE SET attempt = excluded.attempt,
                    status = excluded.status, duration_ms = excluded.duration_ms,
                    occurred_at = excluded.occurred_at, day = excluded.day
                """,
                event.jobId(),
                event.directoryId(),
                event.attempt(),
                event.status().value(),
                event.durationMs(),
                Timestamp.from(event.occurredAt()),
                day);
        if (previous != null) {
            uncount(previous);
        }
        jdbc.update(
                "INSERT INTO directory_days (directory_id, day, " + column(event.status()) + ") VALUES (?, ?, 1)"
                        + " ON CONFLICT (directory_id, day) DO UPDATE SET " + column(event.status())
                        + " = directory_days."
                        + column(event.status()) + " + 1",
                event.directoryId(),
                day);
    }

    /** A tombstone: the (job, directory) has no outcome any more. */
    private void forget(UUID jobId, String directoryId) {
        Counted previous = counted(jobId, directoryId);
        if (previous != null) {
            jdbc.update("DELETE FROM outcomes WHERE job_id = ? AND directory_id = ?", jobId, directoryId);
            uncount(previous);
        }
    }

    private void skip(SourceOffset source, String reason) {
        log.warn(
                "skipped record {}-{}@{} (key {}): {}",
                source.topic(),
                source.partition(),
                source.offset(),
                source.key(),
                reason);
        jdbc.update("""
                INSERT INTO skipped_records (topic, partition, record_offset, record_key, reason, skipped_at)
                VALUES (?, ?, ?, ?, ?, now())
                """, source.topic(), source.partition(), source.offset(), storable(source.key()), storable(reason));
    }

    /**
     * PostgreSQL's text cannot hold NUL, which JSON strings and keys can: a key the database refused
     * must not be refused again when it is kept as skipped.
     */
    private static String storable(String text) {
        return text == null ? null : text.replace("\0", "\\0");
    }

    private Counted counted(UUID jobId, String directoryId) {
        List<Counted> rows = jdbc.query(
                "SELECT attempt, status, directory_id, day FROM outcomes WHERE job_id = ? AND directory_id = ?",
                (rs, n) -> new Counted(
                        rs.getInt("attempt"),
                        ResultStatus.fromValue(rs.getString("status")),
                        rs.getString("directory_id"),
                        rs.getObject("day", LocalDate.class)),
                jobId,
                directoryId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private void uncount(Counted previous) {
        String column = column(previous.status());
        jdbc.update(
                "UPDATE directory_days SET " + column + " = " + column + " - 1 WHERE directory_id = ? AND day = ?",
                previous.directoryId(),
                previous.day());
        // A day none of whose outcomes is counted any more has no row, as if it had never had one.
        jdbc.update(
                "DELETE FROM directory_days WHERE directory_id = ? AND day = ? AND submitted + failed + skipped = 0",
                previous.directoryId(),
                previous.day());
    }

    /** The counter column of a terminal status (from the enum, never from a record's text). */
    private static String column(ResultStatus status) {
        return switch (status) {
            case SUBMITTED -> "submitted";
            case FAILED -> "failed";
            case SKIPPED -> "skipped";
            default -> throw new IllegalArgumentException("not an outcome: " + status);
        };
    }
}
