package com.autobolt.api.job;

import com.autobolt.api.audit.AuditTrail;
import com.autobolt.schemas.BusinessProfile;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.JobStatus;
import com.autobolt.schemas.PackageType;
import com.autobolt.schemas.Progress;
import com.autobolt.schemas.ResultStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

/**
 * The {@code jobs} table as job-api writes it. The progress-projector updates the same rows (progress
 * and status), so every write here names its columns and is conditional on the {@code version} and
 * {@code status} it read: a row changed in between is not overwritten, the caller decides again. A cancel
 * alone is conditional on the status only ({@link #cancel}).
 */
@Repository
class JobRepository {

    private static final String COLUMNS = "id, customer_id, package_type, directory_count, priority, status, attempt,"
            + " progress_total, progress_submitted, progress_failed, progress_skipped, created_at, updated_at,"
            + " started_at, completed_at, error_message, version, external_ref, metadata::text AS metadata";
    private static final String FILTER = " WHERE (CAST(:status AS text) IS NULL OR status = :status)"
            + " AND (CAST(:customerId AS uuid) IS NULL OR customer_id = :customerId)"
            + " AND (CAST(:externalRef AS text) IS NULL OR external_ref = :externalRef)";

    record StoredKey(String requestHash, UUID jobId) {}

    /** Which jobs a list shows; a null part does not narrow it. */
    record Filter(JobStatus status, UUID customerId, String externalRef) {}

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {};

    private final JdbcClient jdbc;

    JobRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An Idempotency-Key recorded with the job it created: a request's key and its body's fingerprint. */
    record KeyClaim(String key, String requestHash) {}

    /** The job's Idempotency-Key belongs to another creation, committed first; nothing was written. */
    static final class KeyTakenException extends RuntimeException {
        KeyTakenException(String key) {
            super("Idempotency-Key " + key + " is taken", null, false, false);
        }
    }

    private static final String KEY_CONSTRAINT = "job_creation_idempotency_pkey";

    /**
     * Inserts new pending jobs, each with its audit entry ({@link AuditTrail#entry}) and, when given, its
     * Idempotency-Key, in one statement, atomic without a transaction around it, and returns the jobs'
     * rows as stored (defaults and timestamps filled in), in the order given. A key another creation
     * holds fails the whole statement, so no job is left without its key ({@link KeyTakenException});
     * PostgreSQL makes a concurrent insert of the same key wait for the other transaction, so afterwards
     * that creation's key row is visible.
     *
     * <p>Why one statement (issue 16): a creation with a key made three writes, a read-back and a
     * commit, each a round trip that waits for a PostgreSQL backend to get a core on a busy machine.
     * With the key looked up only on failure (JobService.create), CreateJobBenchmark with 16 clients,
     * before and after alternated in one session at load 2–21: 369 and 328 jobs/s before, 510 and 463
     * after (+38 %); job-api's README, "Where a creation's time goes". A batch ({@code POST
     * /api/jobs/batch}) is the same statement with a row per job.
     */
    List<JobRow> insert(List<Creation> creations) {
        if (creations.isEmpty()) {
            throw new IllegalArgumentException("nothing to insert");
        }
        List<Object> params = new ArrayList<>();
        for (Creation creation : creations) {
            NewJob job = creation.job();
            String[] planned = job.plannedDirectoryIds().toArray(String[]::new);
            params.addAll(Arrays.asList(
                    job.id(),
                    job.customerId(),
                    job.packageType().value(),
                    planned.length,
                    job.priority(),
                    planned,
                    planned,
                    EventJson.writeString(job.profile()),
                    planned.length,
                    job.externalRef(),
                    job.metadataJson(),
                    job.traceParent()));
        }
        creations.forEach(creation -> params.addAll(creation.auditEntry()));
        StringBuilder sql = new StringBuilder("WITH job AS (INSERT INTO jobs (id, customer_id, package_type,"
                + " directory_count, priority, status, attempt, planned_directory_ids, dispatch_directory_ids,"
                + " business_profile, progress_total, external_ref, metadata, trace_parent) VALUES "
                + String.join(
                        ", ",
                        Collections.nCopies(
                                creations.size(), "(?, ?, ?, ?, ?, 'pending', 1, ?, ?, ?::jsonb, ?, ?, ?::jsonb, ?)"))
                + " RETURNING " + COLUMNS + "),"
                + " audit AS (" + AuditTrail.insertOf(creations.size()) + ")");
        List<Creation> claiming =
                creations.stream().filter(creation -> creation.claim() != null).toList();
        if (!claiming.isEmpty()) {
            sql.append(
                            ", claim AS (INSERT INTO job_creation_idempotency (idempotency_key, request_hash, job_id) VALUES ")
                    .append(String.join(", ", Collections.nCopies(claiming.size(), "(?, ?, ?)")))
                    .append(")");
            claiming.forEach(creation -> params.addAll(List.of(
                    creation.claim().key(),
                    creation.claim().requestHash(),
                    creation.job().id())));
        }
        sql.append(" SELECT * FROM job");
        List<JobRow> stored;
        try {
            stored = jdbc.sql(sql.toString())
                    .params(params)
                    .query(JobRepository::map)
                    .list();
        } catch (DuplicateKeyException e) {
            if (!claiming.isEmpty()
                    && String.valueOf(e.getMostSpecificCause().getMessage()).contains(KEY_CONSTRAINT)) {
                throw new KeyTakenException(claiming.get(0).claim().key());
            }
            throw e;
        }
        Map<UUID, JobRow> byId = new HashMap<>();
        stored.forEach(row -> byId.put(row.id(), row));
        return creations.stream().map(creation -> byId.get(creation.job().id())).toList();
    }

    /** A job to insert with its audit entry's parameters and, when the request had one, its Idempotency-Key. */
    record Creation(NewJob job, List<Object> auditEntry, KeyClaim claim) {}

    /** A job to insert: what the request asked, the plan and the customer's profile as of now. */
    record NewJob(
            UUID id,
            UUID customerId,
            PackageType packageType,
            int priority,
            List<String> plannedDirectoryIds,
            BusinessProfile profile,
            String externalRef,
            String metadataJson,
            String traceParent) {}

    /** The customer's job with that reference, if any. */
    Optional<UUID> findByExternalRef(UUID customerId, String externalRef) {
        CustomerRef ref = new CustomerRef(customerId, externalRef);
        return Optional.ofNullable(findByExternalRefs(List.of(ref)).get(ref));
    }

    Optional<JobRow> find(UUID id) {
        return Optional.ofNullable(findAll(List.of(id)).get(id));
    }

    List<JobRow> list(Filter filter, int page, int size) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM jobs" + FILTER
                        + " ORDER BY priority, created_at, id LIMIT :limit OFFSET :offset")
                .param(
                        "status",
                        filter.status() == null ? null : filter.status().value())
                .param("customerId", filter.customerId())
                .param("externalRef", filter.externalRef())
                .param("limit", size)
                .param("offset", (long) page * size)
                .query(JobRepository::map)
                .list();
    }

    long count(Filter filter) {
        return jdbc.sql("SELECT count(*) FROM jobs" + FILTER)
                .param(
                        "status",
                        filter.status() == null ? null : filter.status().value())
                .param("customerId", filter.customerId())
                .param("externalRef", filter.externalRef())
                .query(Long.class)
                .single();
    }

    /**
     * A terminal job → pending for another attempt that re-processes {@code dispatch}; false when the
     * row moved on. The retried directories count as pending again at once ({@code failedRetried} and
     * {@code skippedRetried} of them were counted failed and skipped), as the projector's recount of
     * {@code job_results} will say (docs/design.md, Who writes what).
     */
    boolean retry(JobRow job, List<String> dispatch, int failedRetried, int skippedRetried) {
        return jdbc.sql("UPDATE jobs SET status = 'pending', attempt = attempt + 1, dispatch_directory_ids = ?,"
                                + " progress_failed = progress_failed - ?, progress_skipped = progress_skipped - ?,"
                                + " progress_done = progress_done - ?,"
                                + " progress_percent = 100 * (progress_done - ?) / progress_total,"
                                + " completed_at = NULL, error_message = NULL, updated_at = now(), version = version + 1"
                                + " WHERE id = ? AND version = ? AND status = ?")
                        .params(
                                dispatch.toArray(String[]::new),
                                failedRetried,
                                skippedRetried,
                                failedRetried + skippedRetried,
                                failedRetried + skippedRetried,
                                job.id(),
                                job.version(),
                                job.status().value())
                        .update()
                == 1;
    }

    /** The statuses a job can be cancelled from (pending, in_progress), as the transition table says. */
    private static final String[] CANCELLABLE = Arrays.stream(JobStatus.values())
            .filter(status -> status.canMoveTo(JobStatus.CANCELLED))
            .map(JobStatus::value)
            .toArray(String[]::new);

    /**
     * pending or in_progress → cancelled, whatever else changed since the caller last read the row; the status
     * it was cancelled from, or empty when it is not (now) cancellable or does not exist.
     *
     * <p>Conditional on the status alone, not the version: a cancel overwrites no column the projector keeps
     * (progress), and the projector never moves a cancelled job on. On a version, it lost every race to the
     * progress of a large running job (DashboardBrowserIT's enterprise job, on the busy CI machine: five
     * rounds in a row lost and a 409 where the cancel was sound).
     */
    Optional<JobStatus> cancel(UUID id) {
        return jdbc.sql("UPDATE jobs j SET status = 'cancelled', completed_at = now(), updated_at = now(),"
                        + " version = j.version + 1 FROM (SELECT id, status FROM jobs WHERE id = ? FOR NO KEY UPDATE) before"
                        + " WHERE j.id = before.id AND before.status = ANY (?) RETURNING before.status")
                .params(id, CANCELLABLE)
                .query((rs, row) -> JobStatus.fromValue(rs.getString(1)))
                .optional();
    }

    List<JobResultsResponse.Row> results(UUID jobId) {
        return jdbc.sql("SELECT p.directory_id, d.name, COALESCE(r.status, 'pending') AS status,"
                        + " COALESCE(r.attempt, j.attempt) AS attempt, r.worker_id, r.listing_url, r.error_code,"
                        + " r.error_message, r.duration_ms, r.claimed_at, r.submitted_at, r.updated_at FROM jobs j"
                        + " CROSS JOIN LATERAL unnest(j.planned_directory_ids) WITH ORDINALITY AS p(directory_id, ord)"
                        + " LEFT JOIN directories d ON d.id = p.directory_id"
                        + " LEFT JOIN job_results r ON r.job_id = j.id AND r.directory_id = p.directory_id"
                        + " WHERE j.id = ? ORDER BY p.ord")
                .param(jobId)
                .query((rs, row) -> new JobResultsResponse.Row(
                        rs.getString("directory_id"),
                        rs.getString("name"),
                        ResultStatus.fromValue(rs.getString("status")),
                        rs.getInt("attempt"),
                        rs.getString("worker_id"),
                        rs.getString("listing_url"),
                        rs.getString("error_code"),
                        rs.getString("error_message"),
                        rs.getObject("duration_ms", Long.class),
                        instant(rs, "claimed_at"),
                        instant(rs, "submitted_at"),
                        instant(rs, "updated_at")))
                .list();
    }

    Optional<StoredKey> findIdempotencyKey(String key) {
        return Optional.ofNullable(findIdempotencyKeys(List.of(key)).get(key));
    }

    /** The stored keys among {@code keys}, by key. */
    Map<String, StoredKey> findIdempotencyKeys(List<String> keys) {
        Map<String, StoredKey> found = new HashMap<>();
        jdbc.sql("SELECT idempotency_key, request_hash, job_id FROM job_creation_idempotency"
                        + " WHERE idempotency_key = ANY (?)")
                .param(keys.toArray(String[]::new))
                .query(rs -> {
                    found.put(
                            rs.getString("idempotency_key"),
                            new StoredKey(rs.getString("request_hash"), rs.getObject("job_id", UUID.class)));
                });
        return found;
    }

    /** The jobs with these ids that exist, by id. */
    Map<UUID, JobRow> findAll(List<UUID> ids) {
        Map<UUID, JobRow> found = new HashMap<>();
        jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE id = ANY (?)")
                .param(ids.toArray(UUID[]::new))
                .query(JobRepository::map)
                .list()
                .forEach(row -> found.put(row.id(), row));
        return found;
    }

    /** Of these (customer, externalRef) pairs, those a job already has, each with that job's id. */
    Map<CustomerRef, UUID> findByExternalRefs(List<CustomerRef> refs) {
        Map<CustomerRef, UUID> found = new HashMap<>();
        jdbc.sql("SELECT j.customer_id, j.external_ref, j.id FROM jobs j"
                        + " JOIN unnest(?::uuid[], ?::text[]) AS r(customer_id, external_ref)"
                        + " ON j.customer_id = r.customer_id AND j.external_ref = r.external_ref")
                .params(
                        refs.stream().map(CustomerRef::customerId).toArray(UUID[]::new),
                        refs.stream().map(CustomerRef::externalRef).toArray(String[]::new))
                .query(rs -> {
                    found.put(
                            new CustomerRef(rs.getObject("customer_id", UUID.class), rs.getString("external_ref")),
                            rs.getObject("id", UUID.class));
                });
        return found;
    }

    /** A customer's own reference for a job. */
    record CustomerRef(UUID customerId, String externalRef) {}

    private static JobRow map(ResultSet rs, int row) throws SQLException {
        return new JobRow(
                rs.getObject("id", UUID.class),
                rs.getObject("customer_id", UUID.class),
                PackageType.fromValue(rs.getString("package_type")),
                rs.getInt("directory_count"),
                rs.getInt("priority"),
                JobStatus.fromValue(rs.getString("status")),
                rs.getInt("attempt"),
                Progress.of(
                        rs.getInt("progress_total"),
                        rs.getInt("progress_submitted"),
                        rs.getInt("progress_failed"),
                        rs.getInt("progress_skipped")),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "started_at"),
                instant(rs, "completed_at"),
                rs.getString("error_message"),
                rs.getLong("version"),
                rs.getString("external_ref"),
                metadata(rs.getString("metadata")));
    }

    private static Map<String, Object> metadata(String json) {
        return json == null ? null : EventJson.mapper().readValue(json, JSON_OBJECT);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
