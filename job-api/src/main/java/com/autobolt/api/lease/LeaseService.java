package com.autobolt.api.lease;

import com.autobolt.api.error.ApiException;
import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.DirectoryTaskDispatched;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.ResultStatus;
import com.autobolt.schemas.TaskId;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands external tasks to HTTP workers under leases, and turns their reports into result events.
 *
 * <p><b>A lease</b> takes the waiting tasks of one job: the job of the first free task by priority (1 first)
 * then age, and up to {@code maxTasks} of its free tasks, all locked {@code FOR UPDATE SKIP LOCKED} so two
 * workers asking at once never get the same task. A task is free while it waits, or once the lease holding it
 * has expired: nothing needs to sweep expired leases, the next lease query simply takes their tasks, and
 * the worker that let its lease expire is refused (409) when it reports late, since the task's lease id is
 * no longer its own.
 *
 * <p><b>Database and Kafka.</b> Every change here publishes its events (claimed on a lease, terminal results
 * on a report) and waits for Kafka's acknowledgement inside the database transaction, before the commit, with
 * the affected rows locked. A send that fails rolls everything back and the worker is told to retry (503).
 * A crash after the send but before the commit leaves the events published and the rows as they were: the
 * worker's retry of the same report publishes the same results again, or, if it never retries, the lease
 * expires and the task is leased again, unless its result row is already terminal, in which case it is
 * marked done here without being handed out (see {@link #takeTasks}). Either way the projector
 * (progress-projector's ResultProjection) folds a duplicate into a row that already has it and never moves a
 * terminal row back, so nothing is counted twice. The opposite order (commit, then send) would instead risk
 * a task marked done whose result nobody ever published.
 */
final class LeaseService {

    static final String JOB_CANCELLED = "job_cancelled";
    static final String UNFINISHED = "external_unfinished";

    /** A task handed out: its claim event as the dispatcher wrote it. */
    /** @param categories directory id → its category in the catalog now (the claim event has none) */
    record Lease(
            UUID leaseId,
            Instant expiresAt,
            UUID jobId,
            int attempt,
            int priority,
            List<DirectoryTaskDispatched> tasks,
            Map<String, String> categories) {}

    /** One directory's result as a worker reports it, already mapped to our vocabulary. */
    record Report(String directoryId, ResultStatus status, String listingUrl, String errorCode, String reason) {}

    record Updated(UUID leaseId, Instant expiresAt, List<String> accepted, List<String> remaining) {}

    record Completed(UUID leaseId, List<String> requeued, List<String> failed) {}

    private static final String OPEN_LEASES = """
            SELECT count(*) FROM external_leases l
            WHERE l.worker_name = ? AND l.ended_at IS NULL AND l.expires_at > clock_timestamp()
              AND EXISTS (SELECT 1 FROM external_tasks t WHERE t.lease_id = l.id AND t.state = 'leased')
            """;

    private static final String FREE =
            "t.state <> 'done' AND (t.state = 'waiting' OR t.lease_expires_at <= clock_timestamp())";

    private static final String NEXT_JOB = """
            SELECT t.job_id, t.attempt, t.priority, j.status AS job_status, j.attempt AS job_attempt
            FROM external_tasks t JOIN jobs j ON j.id = t.job_id
            WHERE %s
            ORDER BY t.priority, t.dispatched_at, t.task_id
            LIMIT 1
            FOR UPDATE OF t SKIP LOCKED
            """.formatted(FREE);

    private static final String TASKS_OF_JOB = """
            SELECT t.task_id, t.claim::text AS claim, r.status AS result_status
            FROM external_tasks t
            LEFT JOIN job_results r ON r.job_id = t.job_id AND r.directory_id = t.directory_id AND r.attempt = t.attempt
            WHERE t.job_id = ? AND t.attempt = ? AND %s
            ORDER BY t.dispatched_at, t.task_id
            LIMIT ?
            FOR UPDATE OF t SKIP LOCKED
            """.formatted(FREE);

    private record LeaseRow(
            UUID id, String workerName, UUID jobId, int attempt, boolean ended, boolean live, Instant expiresAt) {}

    private record Held(String taskId, String directoryId) {}

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ResultSends sends;
    private final LeaseProperties properties;
    private final LeaseMetrics metrics;
    private final Clock clock;

    LeaseService(
            JdbcTemplate jdbc,
            TransactionTemplate transaction,
            ResultSends sends,
            LeaseProperties properties,
            LeaseMetrics metrics,
            Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.sends = sends;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    int maxTasks() {
        return properties.maxTasks();
    }

    /**
     * Leases up to {@code maxTasks} tasks of the next job to {@code worker}; empty when nothing waits.
     *
     * @throws ApiException 429 when the worker already holds its maximum of open leases
     */
    Optional<Lease> lease(String worker, String workerLabel, int maxTasks) {
        int bounded = Math.min(maxTasks, properties.maxTasks());
        Optional<Lease> lease = transaction.execute(status -> {
            // One lease at a time per worker name, so its bound holds however many requests it sends at once.
            jdbc.query("SELECT pg_advisory_xact_lock(hashtext(?))", row -> {}, "autobolt-lease:" + worker);
            Long open = jdbc.queryForObject(OPEN_LEASES, Long.class, worker);
            if (open != null && open >= properties.maxLeasesPerWorker()) {
                throw new ApiException(
                        HttpStatus.TOO_MANY_REQUESTS,
                        "worker " + worker + " already holds its " + properties.maxLeasesPerWorker()
                                + " open leases (autobolt.lease.max-leases-per-worker); report or complete one first");
            }
            List<DirectoryResultReported> ended = new ArrayList<>();
            // Each turn either leases or ends at least one task, so this ends.
            while (true) {
                List<Map<String, Object>> next = jdbc.queryForList(NEXT_JOB);
                if (next.isEmpty()) {
                    // job_cancelled results of the stale tasks met on the way, before the commit (class comment).
                    sends.publish(ended);
                    return Optional.<Lease>empty();
                }
                Map<String, Object> head = next.get(0);
                UUID jobId = (UUID) head.get("job_id");
                int attempt = ((Number) head.get("attempt")).intValue();
                String jobStatus = (String) head.get("job_status");
                int jobAttempt = ((Number) head.get("job_attempt")).intValue();
                if (!(jobStatus.equals("pending") || jobStatus.equals("in_progress")) || jobAttempt != attempt) {
                    ended.addAll(endStale(jobId, attempt, jobStatus, jobAttempt));
                    continue;
                }
                List<DirectoryTaskDispatched> tasks = takeTasks(jobId, attempt, bounded);
                if (tasks.isEmpty()) {
                    continue;
                }
                Lease granted =
                        grant(worker, workerLabel, jobId, attempt, ((Number) head.get("priority")).intValue(), tasks);
                for (DirectoryTaskDispatched task : tasks) {
                    // So that progress shows who holds the task; a claimed result is never terminal, and a
                    // rollback after it changes nothing lasting.
                    ended.add(DirectoryResultReported.of(task.task(), ResultStatus.CLAIMED, clock.instant())
                            .workerId(worker)
                            .build());
                }
                sends.publish(ended);
                return Optional.of(granted);
            }
        });
        lease.ifPresent(granted -> metrics.leaseGranted(granted.tasks().size()));
        return lease;
    }

    /**
     * The free tasks of the job's attempt, locked; those whose result is already terminal (published by an
     * earlier report whose commit was lost, or by the reconciler or staff) are marked done instead.
     */
    private List<DirectoryTaskDispatched> takeTasks(UUID jobId, int attempt, int maxTasks) {
        List<DirectoryTaskDispatched> tasks = new ArrayList<>();
        List<Object[]> alreadyEnded = new ArrayList<>();
        jdbc.query(
                TASKS_OF_JOB,
                row -> {
                    String result = row.getString("result_status");
                    if (result != null && ResultStatus.fromValue(result).isTerminal()) {
                        alreadyEnded.add(new Object[] {result, row.getString("task_id")});
                    } else {
                        tasks.add(EventJson.read(
                                row.getString("claim").getBytes(StandardCharsets.UTF_8),
                                DirectoryTaskDispatched.class));
                    }
                },
                jobId,
                attempt,
                maxTasks);
        if (!alreadyEnded.isEmpty()) {
            jdbc.batchUpdate(
                    "UPDATE external_tasks SET state = 'done', result_status = ?, finished_at = clock_timestamp()"
                            + " WHERE task_id = ?",
                    alreadyEnded);
        }
        return tasks;
    }

    private Lease grant(
            String worker,
            String workerLabel,
            UUID jobId,
            int attempt,
            int priority,
            List<DirectoryTaskDispatched> tasks) {
        UUID leaseId = UUID.randomUUID();
        Timestamp expiresAt = jdbc.queryForObject(
                "INSERT INTO external_leases (id, worker_name, worker_label, job_id, attempt, granted_at, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?, clock_timestamp(), clock_timestamp() + ? * interval '1 millisecond')"
                        + " RETURNING expires_at",
                Timestamp.class,
                leaseId,
                worker,
                workerLabel,
                jobId,
                attempt,
                properties.duration().toMillis());
        jdbc.update(connection -> {
            var statement = connection.prepareStatement(
                    "UPDATE external_tasks SET state = 'leased', lease_id = ?, lease_expires_at = ?"
                            + " WHERE task_id = ANY (?)");
            statement.setObject(1, leaseId);
            statement.setTimestamp(2, expiresAt);
            statement.setArray(
                    3,
                    connection.createArrayOf(
                            "text",
                            tasks.stream().map(DirectoryTaskDispatched::taskId).toArray()));
            return statement;
        });
        Map<String, String> categories = new HashMap<>();
        jdbc.query(
                connection -> {
                    var statement = connection.prepareStatement(
                            "SELECT id, category FROM directories WHERE id = ANY (?) AND category IS NOT NULL");
                    statement.setArray(
                            1,
                            connection.createArrayOf(
                                    "text",
                                    tasks.stream()
                                            .map(DirectoryTaskDispatched::directoryId)
                                            .toArray()));
                    return statement;
                },
                row -> {
                    categories.put(row.getString("id"), row.getString("category"));
                });
        return new Lease(leaseId, expiresAt.toInstant(), jobId, attempt, priority, List.copyOf(tasks), categories);
    }

    /** Ends the free tasks of an attempt that is no longer running (cancelled, ended, or retried since). */
    private List<DirectoryResultReported> endStale(UUID jobId, int attempt, String jobStatus, int jobAttempt) {
        List<String> directories = jdbc.queryForList(
                "UPDATE external_tasks t SET state = 'done', result_status = 'skipped', finished_at = clock_timestamp()"
                        + " WHERE t.job_id = ? AND t.attempt = ? AND " + FREE + " RETURNING t.directory_id",
                String.class,
                jobId,
                attempt);
        String reason = jobAttempt != attempt
                ? "the job moved on to attempt " + jobAttempt + " before this directory was submitted"
                : "the job was " + jobStatus + " before this directory was submitted";
        Instant now = clock.instant();
        return directories.stream()
                .map(directory -> DirectoryResultReported.of(
                                new TaskId(jobId, directory, attempt), ResultStatus.SKIPPED, now)
                        .error(JOB_CANCELLED, reason)
                        .build())
                .toList();
    }

    /**
     * Applies the reports of each lease (all or nothing) and extends each lease; empty reports are heartbeats.
     *
     * @throws ApiException 409 when a lease is unknown, not the worker's, ended or expired, or a directory is
     *     not one of its remaining tasks; 400 when a listing URL is not acceptable
     */
    List<Updated> update(String worker, Map<UUID, List<Report>> reportsByLease) {
        List<Updated> updated = transaction.execute(status -> {
            List<Updated> outcomes = new ArrayList<>();
            List<DirectoryResultReported> events = new ArrayList<>();
            for (Map.Entry<UUID, List<Report>> entry : reportsByLease.entrySet()) {
                LeaseRow lease = openLease(worker, entry.getKey());
                Map<String, Held> remaining = heldTasks(lease.id());
                List<String> accepted = new ArrayList<>();
                List<Object[]> done = new ArrayList<>();
                for (Report report : entry.getValue()) {
                    Held held = remaining.remove(report.directoryId());
                    if (held == null) {
                        throw ApiException.conflict("directory " + report.directoryId()
                                + " is not one of the remaining tasks of lease " + lease.id()
                                + (accepted.contains(report.directoryId()) ? " (it is reported twice)" : ""));
                    }
                    events.add(result(TaskId.parse(held.taskId()), report, worker));
                    done.add(new Object[] {report.status().value(), held.taskId()});
                    accepted.add(report.directoryId());
                }
                if (!done.isEmpty()) {
                    jdbc.batchUpdate(
                            "UPDATE external_tasks SET state = 'done', result_status = ?,"
                                    + " finished_at = clock_timestamp() WHERE task_id = ?",
                            done);
                }
                Instant expiresAt = extend(lease.id());
                outcomes.add(new Updated(lease.id(), expiresAt, accepted, List.copyOf(remaining.keySet())));
            }
            sends.publish(events);
            return outcomes;
        });
        updated.forEach(outcome -> metrics.reported(outcome.accepted().size()));
        return updated;
    }

    /** Ends a lease: its remaining tasks wait again for any worker, or end {@code failed} with the reason. */
    Completed complete(String worker, UUID leaseId, boolean fail, String reason) {
        return transaction.execute(status -> {
            LeaseRow lease = openLease(worker, leaseId);
            Map<String, Held> remaining = heldTasks(lease.id());
            List<String> directories = List.copyOf(remaining.keySet());
            List<DirectoryResultReported> events = new ArrayList<>();
            if (fail) {
                for (Held held : remaining.values()) {
                    events.add(result(
                            TaskId.parse(held.taskId()),
                            new Report(held.directoryId(), ResultStatus.FAILED, null, UNFINISHED, reason),
                            worker));
                }
                jdbc.update(
                        "UPDATE external_tasks SET state = 'done', result_status = 'failed', finished_at = clock_timestamp()"
                                + " WHERE lease_id = ? AND state = 'leased'",
                        lease.id());
            } else {
                jdbc.update(
                        "UPDATE external_tasks SET state = 'waiting', lease_id = NULL, lease_expires_at = NULL"
                                + " WHERE lease_id = ? AND state = 'leased'",
                        lease.id());
            }
            jdbc.update("UPDATE external_leases SET ended_at = clock_timestamp() WHERE id = ?", lease.id());
            sends.publish(events);
            return fail
                    ? new Completed(lease.id(), List.of(), directories)
                    : new Completed(lease.id(), directories, List.of());
        });
    }

    /** The open leases of a worker for a job, newest first (the replaced system's clients name the job, not the lease). */
    List<UUID> openLeasesOf(String worker, UUID jobId) {
        return jdbc.queryForList(
                "SELECT id FROM external_leases WHERE worker_name = ? AND job_id = ? AND ended_at IS NULL"
                        + " AND expires_at > clock_timestamp() ORDER BY granted_at DESC",
                UUID.class,
                worker,
                jobId);
    }

    /** The remaining tasks of a lease, directory id → name, for matching the replaced system's directory names. */
    Map<String, String> remainingNames(UUID leaseId) {
        Map<String, String> names = new LinkedHashMap<>();
        jdbc.query(
                "SELECT directory_id, claim->'directory'->>'name' AS name FROM external_tasks"
                        + " WHERE lease_id = ? AND state = 'leased' ORDER BY directory_id",
                row -> {
                    names.put(row.getString("directory_id"), row.getString("name"));
                },
                leaseId);
        return names;
    }

    private LeaseRow openLease(String worker, UUID leaseId) {
        List<LeaseRow> rows = jdbc.query(
                "SELECT id, worker_name, job_id, attempt, ended_at IS NOT NULL AS ended,"
                        + " expires_at > clock_timestamp() AS live, expires_at FROM external_leases WHERE id = ? FOR UPDATE",
                (row, i) -> new LeaseRow(
                        row.getObject("id", UUID.class),
                        row.getString("worker_name"),
                        row.getObject("job_id", UUID.class),
                        row.getInt("attempt"),
                        row.getBoolean("ended"),
                        row.getBoolean("live"),
                        row.getTimestamp("expires_at").toInstant()),
                leaseId);
        if (rows.isEmpty()) {
            throw ApiException.conflict("no lease " + leaseId);
        }
        LeaseRow lease = rows.get(0);
        if (!lease.workerName().equals(worker)) {
            throw ApiException.conflict("lease " + leaseId + " belongs to another worker");
        }
        if (lease.ended()) {
            throw ApiException.conflict("lease " + leaseId + " has been completed");
        }
        if (!lease.live()) {
            metrics.lateReport();
            throw ApiException.conflict("lease " + leaseId + " expired at " + lease.expiresAt()
                    + "; its tasks went back to the queue. Ask for a new lease");
        }
        return lease;
    }

    /** The tasks a live lease still holds, locked: a lease query that would take them waits or skips them. */
    private Map<String, Held> heldTasks(UUID leaseId) {
        Map<String, Held> held = new LinkedHashMap<>();
        jdbc.query(
                "SELECT task_id, directory_id FROM external_tasks WHERE lease_id = ? AND state = 'leased'"
                        + " ORDER BY directory_id FOR UPDATE",
                row -> {
                    held.put(
                            row.getString("directory_id"),
                            new Held(row.getString("task_id"), row.getString("directory_id")));
                },
                leaseId);
        return held;
    }

    private Instant extend(UUID leaseId) {
        Timestamp expiresAt = jdbc.queryForObject(
                "UPDATE external_leases SET expires_at = clock_timestamp() + ? * interval '1 millisecond'"
                        + " WHERE id = ? RETURNING expires_at",
                Timestamp.class,
                properties.duration().toMillis(),
                leaseId);
        jdbc.update(
                "UPDATE external_tasks SET lease_expires_at = ? WHERE lease_id = ? AND state = 'leased'",
                expiresAt,
                leaseId);
        return expiresAt.toInstant();
    }

    /**
     * The result event of a report, cut to the contract's limits.
     *
     * @throws ApiException 400 when the listing URL is not one {@link com.autobolt.schemas.ListingUrls} accepts
     */
    DirectoryResultReported result(TaskId task, Report report, String workerId) {
        DirectoryResultReported.Builder builder = DirectoryResultReported.of(task, report.status(), clock.instant())
                .workerId(workerId);
        if (report.status() == ResultStatus.SUBMITTED) {
            try {
                builder.listingUrl(report.listingUrl());
            } catch (IllegalArgumentException e) {
                throw new ApiException(
                        HttpStatus.BAD_REQUEST, "listingUrl of " + report.directoryId() + ": " + e.getMessage());
            }
        } else {
            builder.error(report.errorCode(), report.reason());
        }
        return builder.build();
    }

    /** Marks the task done, whatever holds it, when staff record its result by hand. */
    void endByHand(TaskId task, ResultStatus status) {
        jdbc.update(
                "UPDATE external_tasks SET state = 'done', result_status = ?, finished_at = clock_timestamp()"
                        + " WHERE task_id = ? AND state <> 'done'",
                status.value(),
                task.toString());
    }

    void publish(List<DirectoryResultReported> results) {
        sends.publish(results);
    }
}
