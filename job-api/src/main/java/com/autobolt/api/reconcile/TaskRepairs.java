package com.autobolt.api.reconcile;

import com.autobolt.api.cdc.StreamedRows;
import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.DirectoryState;
import com.autobolt.schemas.DirectoryTaskDispatched;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.JobState;
import com.autobolt.schemas.MessageKeys;
import com.autobolt.schemas.ResultStatus;
import com.autobolt.schemas.TaskId;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rule 2: a {@code pending} or {@code claimed} result row of the current attempt of a job still
 * {@code pending} or {@code in_progress}, unchanged for longer than its lease. The task is
 * re-dispatched (its claim event published again, same task id, attempt and idempotency key), or,
 * when that cannot help, ended with a terminal {@code failed} result: its directory is inactive or
 * gone, or it was re-dispatched {@code maxRedispatches} times without moving. Events only: the
 * projector stays the one writer of {@code job_results}.
 *
 * <p><b>The lease of a row</b> is {@code lease + min_interval_ms x (pending and claimed rows of its
 * directory in pending or in-progress jobs)}: a directory that takes one submission an hour
 * legitimately keeps a queue waiting for hours, and the whole queue may be ahead of the row. It runs
 * from the row's last change, or from its last re-dispatch when that is later.
 *
 * <p><b>External directories</b> (execution mode {@code external}) are done by people, through the lease
 * service: a task of one that reached its table ({@code external_tasks}) legitimately waits there, for
 * hours if no worker is about, and its leases expire and return it to the queue on their own, so it is
 * never due here. Only a claim that never reached that table (lost before job-api read it) is re-dispatched,
 * to the external task topic, and ended like any other after {@code maxRedispatches}.
 */
final class TaskRepairs {

    static final String LEASE_EXPIRED = "lease_expired";
    static final String DIRECTORY_INACTIVE = "directory_inactive";
    static final String DIRECTORY_UNKNOWN = "directory_unknown";

    private static final Logger log = LoggerFactory.getLogger(TaskRepairs.class);

    private static final String DUE = """
            WITH queued AS (
                SELECT q.directory_id, count(*) AS unfinished
                FROM job_results q
                JOIN jobs qj ON qj.id = q.job_id AND qj.attempt = q.attempt
                WHERE q.status IN ('pending', 'claimed') AND qj.status IN ('pending', 'in_progress')
                GROUP BY q.directory_id)
            SELECT r.job_id, r.directory_id, r.attempt, r.updated_at, j.priority,
                   d.id IS NOT NULL AS known, coalesce(d.active, false) AS active,
                   coalesce(t.redispatches, 0) AS redispatches,
                   coalesce(d.execution_mode = 'external', false) AS external
            FROM job_results r
            JOIN jobs j ON j.id = r.job_id AND j.attempt = r.attempt AND j.status IN ('pending', 'in_progress')
            LEFT JOIN directories d ON d.id = r.directory_id
            LEFT JOIN queued q ON q.directory_id = r.directory_id
            LEFT JOIN reconciler_task_repairs t ON t.job_id = r.job_id AND t.directory_id = r.directory_id
                 AND t.attempt = r.attempt AND t.result_updated_at = r.updated_at
            LEFT JOIN external_tasks e ON e.job_id = r.job_id AND e.directory_id = r.directory_id
                 AND e.attempt = r.attempt
            WHERE r.status IN ('pending', 'claimed')
              AND t.ended_with IS NULL
              AND e.task_id IS NULL
              AND r.updated_at < now() - ? * interval '1 millisecond'
              AND greatest(r.updated_at, t.last_repaired_at) < now()
                  - (? + coalesce(d.min_interval_ms, 0) * coalesce(q.unfinished, 0)) * interval '1 millisecond'
            ORDER BY r.updated_at
            LIMIT ?
            """;

    // The time of the repair, not now(): the pass's transaction may have begun long before, waiting for locks.
    private static final String RECORD = """
            INSERT INTO reconciler_task_repairs
                (job_id, directory_id, attempt, result_updated_at, redispatches, last_repaired_at, ended_with)
            VALUES (?, ?, ?, ?, ?, clock_timestamp(), ?)
            ON CONFLICT (job_id, directory_id) DO UPDATE SET attempt = EXCLUDED.attempt,
                result_updated_at = EXCLUDED.result_updated_at, redispatches = EXCLUDED.redispatches,
                last_repaired_at = EXCLUDED.last_repaired_at, ended_with = EXCLUDED.ended_with
            """;

    private record Due(
            TaskId task,
            OffsetDateTime updatedAt,
            int priority,
            boolean known,
            boolean active,
            int redispatches,
            boolean external) {}

    private final JdbcTemplate jdbc;
    private final ReconcilerProperties properties;
    private final Clock clock;

    TaskRepairs(JdbcTemplate jdbc, ReconcilerProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /** Repairs the due tasks through {@code sends}; call inside the pass's transaction. */
    PassReport run(RepairSends sends) throws InterruptedException {
        long leaseMs = properties.lease().toMillis();
        List<Due> due = jdbc.query(
                DUE,
                (row, i) -> new Due(
                        new TaskId(
                                row.getObject("job_id", UUID.class),
                                row.getString("directory_id"),
                                row.getInt("attempt")),
                        row.getObject("updated_at", OffsetDateTime.class),
                        row.getInt("priority"),
                        row.getBoolean("known"),
                        row.getBoolean("active"),
                        row.getInt("redispatches"),
                        row.getBoolean("external")),
                leaseMs,
                leaseMs,
                properties.batchSize());
        if (due.isEmpty()) {
            return new PassReport(false, 0, 0, 0, 0, 0);
        }
        Map<UUID, JobState> jobs = jobsOf(due);
        Map<String, DirectoryState> directories = directoriesOf(due);
        Instant now = clock.instant();
        int redispatched = 0;
        int leaseExpired = 0;
        int inactive = 0;
        int unreadable = 0;
        for (Due task : due) {
            if (!task.known()) {
                end(
                        sends,
                        task,
                        ResultStatus.FAILED,
                        DIRECTORY_UNKNOWN,
                        "directory " + task.task().directoryId() + " is not in the catalog",
                        now);
                inactive++;
            } else if (!task.active()) {
                // skipped, as the dispatcher and the executors end a deactivated directory's task
                end(
                        sends,
                        task,
                        ResultStatus.SKIPPED,
                        DIRECTORY_INACTIVE,
                        "directory " + task.task().directoryId() + " is deactivated",
                        now);
                inactive++;
            } else if (task.redispatches() >= properties.maxRedispatches()) {
                end(sends, task, ResultStatus.FAILED, LEASE_EXPIRED, expiryMessage(task), now);
                leaseExpired++;
            } else {
                JobState job = jobs.get(task.task().jobId());
                DirectoryState directory = directories.get(task.task().directoryId());
                if (job == null || directory == null) {
                    unreadable++;
                    continue;
                }
                DirectoryTaskDispatched claim = DirectoryTaskDispatched.of(
                        task.task(), job.customerId(), job.priority(), job.profile(), directory.submissionSpec(), now);
                sends.send(new ProducerRecord<>(
                        task.external() ? properties.externalTasksTopic() : properties.tasksTopicFor(job.priority()),
                        MessageKeys.directory(task.task().directoryId()),
                        EventJson.write(claim)));
                record(task, task.redispatches() + 1, null);
                redispatched++;
            }
        }
        return new PassReport(false, 0, redispatched, leaseExpired, inactive, unreadable);
    }

    private void end(RepairSends sends, Due task, ResultStatus status, String code, String message, Instant now)
            throws InterruptedException {
        DirectoryResultReported ended = DirectoryResultReported.of(task.task(), status, now)
                .error(code, message)
                .build();
        sends.send(new ProducerRecord<>(
                properties.resultsTopic(), MessageKeys.job(task.task().jobId()), EventJson.write(ended)));
        record(task, task.redispatches(), code);
        log.info("reconciler: ended task {} {} / {}: {}", task.task(), status.value(), code, message);
    }

    private String expiryMessage(Due task) {
        return "no progress since " + task.updatedAt().toInstant() + " (lease " + describe(properties.lease())
                + ", extended for the directory's queue) after " + task.redispatches() + " re-dispatches";
    }

    private void record(Due task, int redispatches, String endedWith) {
        jdbc.update(
                RECORD,
                task.task().jobId(),
                task.task().directoryId(),
                task.task().attempt(),
                task.updatedAt(),
                redispatches,
                endedWith);
    }

    /** The jobs of the tasks to re-dispatch, read with the change stream's mapping; unreadable ones left out. */
    private Map<UUID, JobState> jobsOf(List<Due> due) {
        Set<UUID> ids = new LinkedHashSet<>();
        due.forEach(task -> ids.add(task.task().jobId()));
        Map<UUID, JobState> jobs = new HashMap<>();
        jdbc.query(
                connection -> {
                    PreparedStatement statement = connection.prepareStatement("SELECT * FROM jobs WHERE id = ANY (?)");
                    statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
                    return statement;
                },
                row -> {
                    try {
                        JobState job = StreamedRows.job(row);
                        jobs.put(job.id(), job);
                    } catch (IllegalArgumentException e) {
                        log.warn("reconciler: job {} cannot be read: {}", row.getString("id"), e.getMessage());
                    }
                });
        return jobs;
    }

    private Map<String, DirectoryState> directoriesOf(List<Due> due) {
        Set<String> ids = new LinkedHashSet<>();
        due.forEach(task -> ids.add(task.task().directoryId()));
        Map<String, DirectoryState> directories = new HashMap<>();
        jdbc.query(
                connection -> {
                    PreparedStatement statement =
                            connection.prepareStatement("SELECT * FROM directories WHERE id = ANY (?)");
                    statement.setArray(1, connection.createArrayOf("text", ids.toArray()));
                    return statement;
                },
                row -> {
                    try {
                        DirectoryState directory = StreamedRows.directory(row);
                        directories.put(directory.id(), directory);
                    } catch (IllegalArgumentException e) {
                        log.warn("reconciler: directory {} cannot be read: {}", row.getString("id"), e.getMessage());
                    }
                });
        return directories;
    }

    private static String describe(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
