package com.autobolt.projector.progress;

import com.autobolt.projector.progress.ResultRow.ResultKey;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.JobStatus;
import com.autobolt.schemas.Progress;
import com.autobolt.schemas.ResultStatus;
import com.autobolt.schemas.SubmissionEvidence;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The projector's SQL: job rows under lock, result rows, and the recount of a job's results. */
@Repository
class ProgressRepository {

    private static final String LOCK_JOBS = """
            SELECT id, status, attempt, progress_total, progress_submitted,
                   progress_failed, progress_skipped, started_at, completed_at, error_message
            FROM jobs WHERE id = ANY (?) ORDER BY id FOR UPDATE""";

    // Every key of the batch, with its row when it has one. Membership in the (500-element) plans is
    // looked up only where it matters: planned for a directory seen for the first time, dispatched
    // on a retried job. The lateral probe (OFFSET 0 keeps it one) looks each key up by primary key:
    // told the batch has 500 keys, the planner would otherwise hash the whole of job_results (measured
    // 53 ms against 4 ms at 30,000 rows, and growing with the table).
    private static final String FIND_RESULTS = """
            SELECT k.job_id, k.directory_id, r.status, r.attempt, r.worker_id, r.claimed_at, r.submitted_at,
                   r.updated_at, r.listing_url, r.error_code, r.error_message, r.evidence::text, r.duration_ms,
                   CASE WHEN r.job_id IS NULL THEN k.directory_id = ANY (j.planned_directory_ids)
                        ELSE true END AS planned,
                   CASE WHEN j.attempt > 1 THEN k.directory_id = ANY (j.dispatch_directory_ids)
                        ELSE false END AS dispatched
            FROM unnest(?::uuid[], ?::text[]) AS k (job_id, directory_id)
            JOIN jobs j ON j.id = k.job_id
            LEFT JOIN LATERAL (SELECT * FROM job_results r
                               WHERE r.job_id = k.job_id AND r.directory_id = k.directory_id OFFSET 0) r ON true""";

    private static final String UPSERT_ROW = """
            INSERT INTO job_results (job_id, directory_id, status, attempt, worker_id, claimed_at, submitted_at,
                                     updated_at, listing_url, error_code, error_message, evidence, duration_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
            ON CONFLICT (job_id, directory_id) DO UPDATE SET
                status = EXCLUDED.status, attempt = EXCLUDED.attempt, worker_id = EXCLUDED.worker_id,
                claimed_at = EXCLUDED.claimed_at, submitted_at = EXCLUDED.submitted_at,
                updated_at = EXCLUDED.updated_at, listing_url = EXCLUDED.listing_url,
                error_code = EXCLUDED.error_code, error_message = EXCLUDED.error_message,
                evidence = EXCLUDED.evidence, duration_ms = EXCLUDED.duration_ms""";

    // A directory the current attempt re-processes counts as pending until its row reaches that attempt.
    private static final String COUNT_RESULTS = """
            SELECT j.id,
                   count(*) FILTER (WHERE c.status = 'submitted') AS submitted,
                   count(*) FILTER (WHERE c.status = 'failed') AS failed,
                   count(*) FILTER (WHERE c.status = 'skipped') AS skipped,
                   coalesce(bool_or(c.attempt = j.attempt AND c.status <> 'pending'), false) AS started,
                   least(min(c.claimed_at) FILTER (WHERE c.attempt = j.attempt),
                         min(c.updated_at) FILTER (WHERE c.attempt = j.attempt
                                                   AND c.status IN ('submitted', 'failed', 'skipped'))) AS first_activity,
                   max(c.updated_at) AS last_activity
            FROM jobs j
            JOIN LATERAL (
                SELECT CASE WHEN r.attempt < j.attempt AND r.directory_id = ANY (j.dispatch_directory_ids)
                            THEN 'pending' ELSE r.status END AS status,
                       r.attempt, r.claimed_at, r.updated_at
                FROM job_results r WHERE r.job_id = j.id) c ON true
            WHERE j.id = ANY (?)
            GROUP BY j.id""";

    private static final String UPDATE_JOB = """
            UPDATE jobs SET status = ?, progress_submitted = ?, progress_failed = ?, progress_skipped = ?,
                            progress_done = ?, progress_percent = ?, started_at = ?, completed_at = ?,
                            error_message = ?, updated_at = now(), version = version + 1
            WHERE id = ?""";

    private final JdbcTemplate jdbc;

    ProgressRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Map<UUID, LockedJob> lockJobs(Collection<UUID> jobIds) {
        return jdbc.execute((ConnectionCallback<Map<UUID, LockedJob>>) connection -> {
            Map<UUID, LockedJob> jobs = new HashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(LOCK_JOBS)) {
                statement.setArray(1, connection.createArrayOf("uuid", jobIds.toArray()));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        LockedJob job = lockedJob(rows);
                        jobs.put(job.id(), job);
                    }
                }
            }
            return jobs;
        });
    }

    /** Every one of {@code keys} whose job exists, with its stored row (if any) and plan membership. */
    Map<ResultKey, StoredResult> findResults(Collection<ResultKey> keys) {
        return jdbc.execute((ConnectionCallback<Map<ResultKey, StoredResult>>) connection -> {
            Map<ResultKey, StoredResult> found = new HashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(FIND_RESULTS)) {
                bindKeys(connection, statement, keys);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        ResultKey key = new ResultKey(rows.getObject(1, UUID.class), rows.getString(2));
                        ResultRow row = rows.getString(3) == null ? null : resultRow(key, rows);
                        found.put(key, new StoredResult(row, rows.getBoolean(14), rows.getBoolean(15)));
                    }
                }
            }
            return found;
        });
    }

    void upsert(Collection<ResultRow> rows) {
        jdbc.batchUpdate(UPSERT_ROW, rows, rows.size(), (statement, row) -> {
            statement.setObject(1, row.jobId());
            statement.setString(2, row.directoryId());
            statement.setString(3, row.status().value());
            statement.setInt(4, row.attempt());
            statement.setString(5, row.workerId());
            statement.setTimestamp(6, timestamp(row.claimedAt()));
            statement.setTimestamp(7, timestamp(row.submittedAt()));
            statement.setTimestamp(8, timestamp(row.updatedAt()));
            statement.setString(9, row.listingUrl());
            statement.setString(10, row.errorCode());
            statement.setString(11, row.errorMessage());
            statement.setString(12, row.evidence() == null ? null : EventJson.writeString(row.evidence()));
            if (row.durationMs() == null) {
                statement.setNull(13, Types.BIGINT);
            } else {
                statement.setLong(13, row.durationMs());
            }
        });
    }

    List<ResultCounts> countResults(Collection<UUID> jobIds) {
        return jdbc.execute((ConnectionCallback<List<ResultCounts>>) connection -> {
            try (PreparedStatement statement = connection.prepareStatement(COUNT_RESULTS)) {
                statement.setArray(1, connection.createArrayOf("uuid", jobIds.toArray()));
                try (ResultSet rows = statement.executeQuery()) {
                    List<ResultCounts> counts = new java.util.ArrayList<>();
                    while (rows.next()) {
                        counts.add(new ResultCounts(
                                rows.getObject(1, UUID.class),
                                rows.getInt(2),
                                rows.getInt(3),
                                rows.getInt(4),
                                rows.getBoolean(5),
                                instant(rows.getTimestamp(6)),
                                instant(rows.getTimestamp(7))));
                    }
                    return counts;
                }
            }
        });
    }

    void updateJobs(Map<UUID, JobProgress> changes) {
        List<Map.Entry<UUID, JobProgress>> entries = List.copyOf(changes.entrySet());
        jdbc.batchUpdate(UPDATE_JOB, entries, entries.size(), (statement, entry) -> {
            JobProgress next = entry.getValue();
            Progress progress = next.progress();
            statement.setString(1, next.status().value());
            statement.setInt(2, progress.submitted());
            statement.setInt(3, progress.failed());
            statement.setInt(4, progress.skipped());
            statement.setInt(5, progress.done());
            statement.setInt(6, progress.percent());
            statement.setTimestamp(7, timestamp(next.startedAt()));
            statement.setTimestamp(8, timestamp(next.completedAt()));
            statement.setString(9, next.errorMessage());
            statement.setObject(10, entry.getKey());
        });
    }

    /** Binds keys as two parallel arrays, job ids and directory ids, for {@code unnest(?, ?)}. */
    private static void bindKeys(Connection connection, PreparedStatement statement, Collection<ResultKey> keys)
            throws SQLException {
        statement.setArray(
                1,
                connection.createArrayOf(
                        "uuid", keys.stream().map(ResultKey::jobId).toArray()));
        statement.setArray(
                2,
                connection.createArrayOf(
                        "text", keys.stream().map(ResultKey::directoryId).toArray()));
    }

    private static LockedJob lockedJob(ResultSet rows) throws SQLException {
        return new LockedJob(
                rows.getObject("id", UUID.class),
                JobStatus.fromValue(rows.getString("status")),
                rows.getInt("attempt"),
                Progress.of(
                        rows.getInt("progress_total"),
                        rows.getInt("progress_submitted"),
                        rows.getInt("progress_failed"),
                        rows.getInt("progress_skipped")),
                instant(rows.getTimestamp("started_at")),
                instant(rows.getTimestamp("completed_at")),
                rows.getString("error_message"));
    }

    private static ResultRow resultRow(ResultKey key, ResultSet rows) throws SQLException {
        String evidence = rows.getString(12);
        long duration = rows.getLong(13);
        Long durationMs = rows.wasNull() ? null : duration;
        return new ResultRow(
                key.jobId(),
                key.directoryId(),
                ResultStatus.fromValue(rows.getString(3)),
                rows.getInt(4),
                rows.getString(5),
                instant(rows.getTimestamp(6)),
                instant(rows.getTimestamp(7)),
                instant(rows.getTimestamp(8)),
                rows.getString(9),
                rows.getString(10),
                rows.getString(11),
                evidence == null ? null : EventJson.mapper().readValue(evidence, SubmissionEvidence.class),
                durationMs);
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
