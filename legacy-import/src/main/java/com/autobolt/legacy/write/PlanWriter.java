package com.autobolt.legacy.write;

import com.autobolt.legacy.mapping.ImportPlan;
import com.autobolt.legacy.mapping.ImportPlan.CustomerUnit;
import com.autobolt.legacy.mapping.ImportPlan.DirectoryUnit;
import com.autobolt.legacy.mapping.ImportPlan.JobUnit;
import com.autobolt.legacy.mapping.ImportPlan.Mapping;
import com.autobolt.legacy.mapping.ImportPlan.MappingUnit;
import com.autobolt.legacy.mapping.ImportPlan.NewCustomer;
import com.autobolt.legacy.mapping.ImportPlan.NewDirectory;
import com.autobolt.legacy.mapping.ImportPlan.NewJob;
import com.autobolt.legacy.mapping.ImportPlan.NewResult;
import com.autobolt.legacy.mapping.ImportPlan.Release;
import com.autobolt.legacy.mapping.ImportPlan.Unit;
import com.autobolt.schemas.EventJson;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a plan to AutoBolt's database, {@code chunkSize} units per transaction. Each unit's rows and
 * its {@code legacy_import_rows} go in the same transaction, so after an interruption every unit is
 * either fully written and remembered or not at all, and the next run plans exactly the rest. Plain
 * inserts: a row that is already there (written by someone else meanwhile) fails the chunk loudly
 * instead of being skipped silently.
 */
public final class PlanWriter {

    /** Told after each committed chunk, e.g. to print progress. */
    @FunctionalInterface
    public interface ChunkListener {
        void committed(int chunk, int chunks, int unitsWritten);
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Connection target;
    private final int chunkSize;
    private final ChunkListener listener;

    public PlanWriter(Connection target, int chunkSize, ChunkListener listener) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("the chunk size must be at least 1");
        }
        this.target = target;
        this.chunkSize = chunkSize;
        this.listener = listener;
    }

    public void write(ImportPlan plan) throws SQLException {
        List<Unit> units = plan.units();
        int chunks = (units.size() + chunkSize - 1) / chunkSize;
        target.setAutoCommit(false);
        for (int chunk = 0; chunk < chunks; chunk++) {
            int end = Math.min(units.size(), (chunk + 1) * chunkSize);
            try {
                for (Unit unit : units.subList(chunk * chunkSize, end)) {
                    write(unit);
                }
                target.commit();
            } catch (SQLException | RuntimeException e) {
                target.rollback();
                throw e;
            }
            listener.committed(chunk + 1, chunks, end);
        }
    }

    private void write(Unit unit) throws SQLException {
        if (unit instanceof DirectoryUnit directory) {
            if (directory.create() != null) {
                insert(directory.create());
            }
            remember(directory.mappings());
        } else if (unit instanceof CustomerUnit customer) {
            if (customer.create() != null) {
                insert(customer.create());
            }
            remember(customer.mappings());
        } else if (unit instanceof JobUnit job) {
            insert(job.job());
            for (NewResult result : job.results()) {
                insert(job.job(), result);
            }
            remember(job.mappings());
        } else if (unit instanceof MappingUnit mappings) {
            remember(mappings.mappings());
        } else if (unit instanceof Release release) {
            release(release);
        } else {
            throw new IllegalArgumentException("unknown unit " + unit);
        }
    }

    private void insert(NewDirectory directory) throws SQLException {
        try (PreparedStatement insert = target.prepareStatement("""
                INSERT INTO directories (id, name, website, category, submission_url, submission_method,
                                         domain_authority, active)
                VALUES (?, ?, ?, ?, ?, 'form', ?, false)
                """)) {
            insert.setString(1, directory.id());
            insert.setString(2, directory.name());
            insert.setString(3, directory.website());
            insert.setString(4, directory.category());
            insert.setString(5, directory.submissionUrl());
            insert.setInt(6, directory.domainAuthority());
            insert.executeUpdate();
        }
    }

    private void insert(NewCustomer customer) throws SQLException {
        long number;
        try (PreparedStatement next = target.prepareStatement("SELECT nextval('customer_reference_seq')");
                ResultSet rows = next.executeQuery()) {
            rows.next();
            number = rows.getLong(1);
        }
        try (PreparedStatement insert = target.prepareStatement("""
                INSERT INTO customers (id, reference, business_name, email, phone, website, address, city, state,
                                       zip, country, category, description, package_type, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)) {
            insert.setObject(1, customer.id());
            // job-api's reference format, with the year the customer registered in the old system
            insert.setString(2, String.format("DB-%d-%06d", customer.referenceYear(), number));
            insert.setString(3, customer.businessName());
            insert.setString(4, customer.email());
            insert.setString(5, customer.phone());
            insert.setString(6, customer.website());
            insert.setString(7, customer.address());
            insert.setString(8, customer.city());
            insert.setString(9, customer.state());
            insert.setString(10, customer.zip());
            insert.setString(11, customer.country());
            insert.setString(12, customer.category());
            insert.setString(13, customer.description());
            insert.setString(14, customer.packageType().value());
            insert.setObject(15, timestamp(customer.createdAt()));
            insert.setObject(16, timestamp(customer.updatedAt()));
            insert.executeUpdate();
        }
    }

    private void insert(NewJob job) throws SQLException {
        try (PreparedStatement insert = target.prepareStatement("""
                INSERT INTO jobs (id, customer_id, package_type, directory_count, priority, status, attempt,
                                  planned_directory_ids, dispatch_directory_ids, business_profile, progress_total,
                                  progress_submitted, progress_failed, progress_skipped, progress_done,
                                  progress_percent, created_at, updated_at, started_at, completed_at, error_message,
                                  origin, dispatch_held)
                VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'legacy-import', ?)
                """)) {
            insert.setObject(1, job.id());
            insert.setObject(2, job.customerId());
            insert.setString(3, job.packageType().value());
            insert.setInt(4, job.plannedDirectoryIds().size());
            insert.setInt(5, job.priority());
            insert.setString(6, job.status().value());
            insert.setArray(
                    7, target.createArrayOf("text", job.plannedDirectoryIds().toArray()));
            insert.setArray(
                    8, target.createArrayOf("text", job.dispatchDirectoryIds().toArray()));
            insert.setString(9, EventJson.writeString(job.profile()));
            insert.setInt(10, job.progress().total());
            insert.setInt(11, job.progress().submitted());
            insert.setInt(12, job.progress().failed());
            insert.setInt(13, job.progress().skipped());
            insert.setInt(14, job.progress().done());
            insert.setInt(15, job.progress().percent());
            insert.setObject(16, timestamp(job.createdAt()));
            insert.setObject(17, timestamp(job.updatedAt()));
            insert.setObject(18, timestamp(job.startedAt()));
            insert.setObject(19, timestamp(job.completedAt()));
            insert.setString(20, job.errorMessage());
            insert.setBoolean(21, job.dispatchHeld());
            insert.executeUpdate();
        }
    }

    private void insert(NewJob job, NewResult result) throws SQLException {
        try (PreparedStatement insert = target.prepareStatement("""
                INSERT INTO job_results (job_id, directory_id, status, attempt, worker_id, submitted_at, updated_at,
                                         listing_url, error_code, error_message, evidence, duration_ms)
                VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
                """)) {
            insert.setObject(1, job.id());
            insert.setString(2, result.directoryId());
            insert.setString(3, result.status().value());
            insert.setString(4, result.workerId());
            insert.setObject(5, timestamp(result.submittedAt()));
            insert.setObject(6, timestamp(result.updatedAt()));
            insert.setString(7, result.listingUrl());
            insert.setString(8, result.errorCode());
            insert.setString(9, result.errorMessage());
            insert.setString(10, result.evidenceJson());
            if (result.durationMs() == null) {
                insert.setNull(11, Types.BIGINT);
            } else {
                insert.setLong(11, result.durationMs());
            }
            insert.executeUpdate();
        }
    }

    /**
     * Releases a held job as one conditional update, so a job cancelled meanwhile (or released by a
     * concurrent run) is left as it is. The dispatcher sees the job enter pending, not held.
     */
    private void release(Release release) throws SQLException {
        try (PreparedStatement update = target.prepareStatement("""
                UPDATE jobs SET status = ?, dispatch_held = false, dispatch_directory_ids = ?,
                                completed_at = CASE WHEN ? IN ('complete', 'failed') THEN now() END,
                                updated_at = now(), version = version + 1
                WHERE id = ? AND dispatch_held AND status IN ('pending', 'in_progress')
                """)) {
            update.setString(1, release.status().value());
            update.setArray(
                    2,
                    target.createArrayOf("text", release.dispatchDirectoryIds().toArray()));
            update.setString(3, release.status().value());
            update.setObject(4, release.jobId());
            update.executeUpdate();
        }
    }

    private void remember(List<Mapping> mappings) throws SQLException {
        try (PreparedStatement insert = target.prepareStatement("""
                INSERT INTO legacy_import_rows (legacy_table, legacy_key, outcome, target_table, target_key, legacy_row)
                VALUES (?, ?, ?, ?, ?, ?::jsonb)
                """)) {
            for (Mapping mapping : mappings) {
                insert.setString(1, mapping.row().table().tableName());
                insert.setString(2, mapping.row().key());
                insert.setString(3, mapping.outcome());
                insert.setString(4, mapping.targetTable());
                insert.setString(5, mapping.targetKey());
                insert.setString(6, json(mapping.row().columns()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static String json(Map<String, Object> columns) {
        ObjectNode node = JSON.createObjectNode();
        columns.forEach((column, value) -> {
            if (value == null) {
                node.putNull(column);
            } else if (value instanceof Long number) {
                node.put(column, number);
            } else if (value instanceof BigDecimal number) {
                node.put(column, number);
            } else if (value instanceof Boolean bool) {
                node.put(column, bool);
            } else {
                node.put(column, value.toString());
            }
        });
        return JSON.writeValueAsString(node);
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
