package com.autobolt.projector.progress;

import com.autobolt.projector.progress.ResultRow.ResultKey;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.JobStatus;
import com.autobolt.schemas.Progress;
import com.autobolt.schemas.ResultStatus;
import com.autobolt.schemas.SubmissionEvidence;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The projector's SQL: job rows under lock, result rows, and the recount of a job's results. */
@Repository
class ProgressRepository {

    // NO KEY UPDATE: the projector never changes a job's key, and a stronger FOR UPDATE would also
    // block the KEY SHARE lock every insert of a row referencing the job takes (job-api's follower of the
    // external tasks inserts them in record order, not by job id: CI caught the two deadlocking).
    private static final String LOCK_JOBS = """
            SELECT id, status, attempt, progress_total, progress_submitted,
                   progress_failed, progress_skipped, started_at, completed_at, error_message, created_at
            FROM jobs WHERE id = ANY (?) ORDER BY id FOR NO KEY UPDATE""";

    // The stored rows of the batch's keys. The lateral probe (OFFSET 0 keeps it one) looks each key
    // up by primary key: told the batch has 500 keys, the planner would otherwise hash the whole of
    // job_results (measured 53 ms against 4 ms at 30,000 rows, and growing with the table).
    private static final String FIND_RESULTS = """
            SELECT k.job_id, k.directory_id, r.status, r.attempt, r.worker_id, r.claimed_at, r.submitted_at,
                   r.updated_at, r.listing_url, r.error_code, r.error_message, r.evidence::text, r.duration_ms
            FROM unnest(?::uuid[], ?::text[]) AS k (job_id, directory_id)
            JOIN LATERAL (SELECT * FROM job_results r
                          WHERE r.job_id = k.job_id AND r.directory_id = k.directory_id OFFSET 0) r ON true""";

    private static final String FIND_PLANS = """
            SELECT id, attempt, planned_directory_ids, CASE WHEN attempt > 1 THEN dispatch_directory_ids END
            FROM jobs WHERE id = ANY (?)""";

    // Rows travel as one array per column: one statement and one round trip per batch, however many
    // rows (a JDBC batch, even rewritten into multi-row statements, cost about twice as much).
    private static final String ROW_ARRAYS = """
            unnest(?::uuid[], ?::text[], ?::text[], ?::int[], ?::text[], ?::timestamptz[], ?::timestamptz[],
                   ?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::jsonb[], ?::bigint[])
                AS u (job_id, directory_id, status, attempt, worker_id, claimed_at, submitted_at, updated_at,
                      listing_url, error_code, error_message, evidence, duration_ms)""";

    // Plain INSERT and UPDATE: every writer of a job's rows holds the job's row lock, so the batch
    // knows which rows exist; a conflict would be a bug, and fails the batch instead of hiding.
    private static final String INSERT_ROWS = """
            INSERT INTO job_results (job_id, directory_id, status, attempt, worker_id, claimed_at, submitted_at,
                                     updated_at, listing_url, error_code, error_message, evidence, duration_ms)
            SELECT * FROM %s""".formatted(ROW_ARRAYS);

    private static final String UPDATE_ROWS = """
            UPDATE job_results r SET
                status = u.status, attempt = u.attempt, worker_id = u.worker_id, claimed_at = u.claimed_at,
                submitted_at = u.submitted_at, updated_at = u.updated_at, listing_url = u.listing_url,
                error_code = u.error_code, error_message = u.error_message, evidence = u.evidence,
                duration_ms = u.duration_ms
            FROM %s
            WHERE r.job_id = u.job_id AND r.directory_id = u.directory_id""".formatted(ROW_ARRAYS);

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

    private static final String UPDATE_JOBS = """
            UPDATE jobs j SET
                status = u.status, progress_submitted = u.submitted, progress_failed = u.failed,
                progress_skipped = u.skipped, progress_done = u.done, progress_percent = u.percent,
                started_at = u.started_at, completed_at = u.completed_at, error_message = u.error_message,
                updated_at = now(), version = j.version + 1
            FROM unnest(?::uuid[], ?::text[], ?::int[], ?::int[], ?::int[], ?::int[], ?::int[], ?::timestamptz[],
                        ?::timestamptz[], ?::text[])
                AS u (id, status, submitted, failed, skipped, done, percent, started_at, completed_at, error_message)
            WHERE j.id = u.id""";

    private final JdbcTemplate jdbc;

    ProgressRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Map<UUID, LockedJob> lockJobs(Collection<UUID> jobIds) {
        return jdbc.execute((ConnectionCallback<Map<UUID, LockedJob>>) connection -> {
            Map<UUID, LockedJob> jobs = new HashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(LOCK_JOBS)) {
                statement.setArray(1, jobIdArray(connection, jobIds));
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

    /** The stored rows of those of {@code keys} that have one. */
    Map<ResultKey, ResultRow> findResults(Collection<ResultKey> keys) {
        return jdbc.execute((ConnectionCallback<Map<ResultKey, ResultRow>>) connection -> {
            Map<ResultKey, ResultRow> found = new HashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(FIND_RESULTS)) {
                List<ResultKey> list = List.copyOf(keys);
                statement.setArray(1, array(connection, "uuid", list, ResultKey::jobId));
                statement.setArray(2, array(connection, "text", list, ResultKey::directoryId));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        ResultKey key = new ResultKey(rows.getObject(1, UUID.class), rows.getString(2));
                        found.put(key, resultRow(key, rows));
                    }
                }
            }
            return found;
        });
    }

    /** The plans of {@code jobIds} at their current attempts; call with the jobs locked. */
    Map<UUID, JobPlan> findPlans(Collection<UUID> jobIds) {
        return jdbc.execute((ConnectionCallback<Map<UUID, JobPlan>>) connection -> {
            Map<UUID, JobPlan> plans = new HashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(FIND_PLANS)) {
                statement.setArray(1, jobIdArray(connection, jobIds));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        Array dispatched = rows.getArray(4);
                        plans.put(
                                rows.getObject(1, UUID.class),
                                new JobPlan(
                                        rows.getInt(2),
                                        (String[]) rows.getArray(3).getArray(),
                                        dispatched == null ? null : (String[]) dispatched.getArray()));
                    }
                }
            }
            return plans;
        });
    }

    /** Inserts rows that do not exist yet. */
    void insert(List<ResultRow> rows) {
        writeRows(INSERT_ROWS, rows);
    }

    /** Overwrites existing rows. */
    void update(List<ResultRow> rows) {
        writeRows(UPDATE_ROWS, rows);
    }

    private void writeRows(String sql, List<ResultRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.execute((ConnectionCallback<Integer>) connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setArray(1, array(connection, "uuid", rows, ResultRow::jobId));
                statement.setArray(2, array(connection, "text", rows, ResultRow::directoryId));
                statement.setArray(
                        3, array(connection, "text", rows, row -> row.status().value()));
                statement.setArray(4, array(connection, "int4", rows, ResultRow::attempt));
                statement.setArray(5, array(connection, "text", rows, ResultRow::workerId));
                statement.setArray(6, array(connection, "timestamptz", rows, ResultRow::claimedAt));
                statement.setArray(7, array(connection, "timestamptz", rows, ResultRow::submittedAt));
                statement.setArray(8, array(connection, "timestamptz", rows, ResultRow::updatedAt));
                statement.setArray(9, array(connection, "text", rows, ResultRow::listingUrl));
                statement.setArray(10, array(connection, "text", rows, ResultRow::errorCode));
                statement.setArray(11, array(connection, "text", rows, ResultRow::errorMessage));
                statement.setArray(
                        12,
                        array(
                                connection,
                                "jsonb",
                                rows,
                                row -> row.evidence() == null ? null : EventJson.writeString(row.evidence())));
                statement.setArray(13, array(connection, "int8", rows, ResultRow::durationMs));
                return statement.executeUpdate();
            }
        });
    }

    List<ResultCounts> countResults(Collection<UUID> jobIds) {
        return jdbc.execute((ConnectionCallback<List<ResultCounts>>) connection -> {
            try (PreparedStatement statement = connection.prepareStatement(COUNT_RESULTS)) {
                statement.setArray(1, jobIdArray(connection, jobIds));
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
        List<Map.Entry<UUID, JobProgress>> jobs = List.copyOf(changes.entrySet());
        jdbc.execute((ConnectionCallback<Integer>) connection -> {
            try (PreparedStatement statement = connection.prepareStatement(UPDATE_JOBS)) {
                statement.setArray(1, array(connection, "uuid", jobs, Map.Entry::getKey));
                statement.setArray(
                        2,
                        array(
                                connection,
                                "text",
                                jobs,
                                job -> job.getValue().status().value()));
                statement.setArray(
                        3, array(connection, "int4", jobs, job -> progress(job).submitted()));
                statement.setArray(
                        4, array(connection, "int4", jobs, job -> progress(job).failed()));
                statement.setArray(
                        5, array(connection, "int4", jobs, job -> progress(job).skipped()));
                statement.setArray(
                        6, array(connection, "int4", jobs, job -> progress(job).done()));
                statement.setArray(
                        7, array(connection, "int4", jobs, job -> progress(job).percent()));
                statement.setArray(
                        8,
                        array(
                                connection,
                                "timestamptz",
                                jobs,
                                job -> job.getValue().startedAt()));
                statement.setArray(
                        9,
                        array(
                                connection,
                                "timestamptz",
                                jobs,
                                job -> job.getValue().completedAt()));
                statement.setArray(
                        10,
                        array(connection, "text", jobs, job -> job.getValue().errorMessage()));
                return statement.executeUpdate();
            }
        });
    }

    private static Progress progress(Map.Entry<UUID, JobProgress> job) {
        return job.getValue().progress();
    }

    private static Array jobIdArray(Connection connection, Collection<UUID> jobIds) throws SQLException {
        return array(connection, "uuid", List.copyOf(jobIds), id -> id);
    }

    /**
     * One column of {@code items} as an SQL array of {@code type}. Numbers travel as numbers; other
     * values in their text form (an {@link Instant} as ISO-8601 with its offset, so no time zone is
     * applied on the way), which PostgreSQL parses as {@code type}; nulls stay nulls. Typed Java
     * arrays let the driver use its dedicated encoders (a generic {@code Object[]} was a fifth of the
     * consumer threads' CPU in JFR).
     */
    private static <T> Array array(Connection connection, String type, List<T> items, Function<T, Object> column)
            throws SQLException {
        Object[] values = switch (type) {
            case "int4" -> new Integer[items.size()];
            case "int8" -> new Long[items.size()];
            default -> new String[items.size()];
        };
        boolean text = values instanceof String[];
        for (int i = 0; i < values.length; i++) {
            Object value = column.apply(items.get(i));
            values[i] = value == null || !text ? value : value.toString();
        }
        return connection.createArrayOf(type, values);
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
                rows.getString("error_message"),
                instant(rows.getTimestamp("created_at")));
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

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
