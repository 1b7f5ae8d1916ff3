package com.autobolt.api.reconcile;

import com.autobolt.api.cdc.StreamedRows;
import com.autobolt.schemas.ChangeSource;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.JobChanged;
import com.autobolt.schemas.MessageKeys;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rule 1: a job {@code pending} for longer than the dispatch bound without a result row of its
 * current attempt was never dispatched (its change was lost, dead-lettered, or is still waiting for a
 * dispatcher). Its current row is published again to the jobs topic as a {@code snapshot} change,
 * which the dispatcher treats as entering {@code pending}; its dispatch log drops it if the attempt
 * was dispatched after all. At most once per bound per job. An imported job whose dispatch is held
 * (until {@code import-legacy --resume}) is waiting on purpose and is left alone.
 */
final class JobRepublications {

    private static final Logger log = LoggerFactory.getLogger(JobRepublications.class);

    /*
     * The rows stay share-locked until the pass commits, after its events are acknowledged: a change
     * of one of these jobs (a cancel, a retry) waits, so it is committed, and streamed, after the
     * snapshot is on the topic. Rows being changed right now are skipped: they are moving.
     */
    private static final String DUE = """
            SELECT j.id, coalesce(p.republications, 0) AS republications
            FROM jobs j
            LEFT JOIN reconciler_job_republications p ON p.job_id = j.id AND p.attempt = j.attempt
            WHERE j.status = 'pending'
              AND NOT j.dispatch_held
              AND j.updated_at < now() - ? * interval '1 millisecond'
              AND (p.last_published_at IS NULL OR p.last_published_at < now() - ? * interval '1 millisecond')
              AND NOT EXISTS (SELECT 1 FROM job_results r WHERE r.job_id = j.id AND r.attempt = j.attempt)
            ORDER BY j.updated_at
            LIMIT ?
            FOR SHARE OF j SKIP LOCKED
            """;

    /*
     * Where the snapshot sits in the database's history. Read after the rows are locked: every
     * change of them so far was written before this position, and every later one waits for the
     * lock and so is written after it. Subscribers that order a job's changes by lsn thus place the
     * snapshot exactly between them.
     */
    private static final String POSITION = """
            SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint, txid_current(), clock_timestamp()
            """;

    // The time of the repair, not now(): the pass's transaction may have begun long before, waiting for locks.
    private static final String RECORD = """
            INSERT INTO reconciler_job_republications (job_id, attempt, republications, last_published_at)
            VALUES (?, ?, ?, clock_timestamp())
            ON CONFLICT (job_id) DO UPDATE SET attempt = EXCLUDED.attempt,
                republications = EXCLUDED.republications, last_published_at = EXCLUDED.last_published_at
            """;

    private record Due(UUID jobId, int republications) {}

    private final JdbcTemplate jdbc;
    private final ReconcilerProperties properties;

    JobRepublications(JdbcTemplate jdbc, ReconcilerProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** Republishes the due jobs through {@code sends}; call inside the pass's transaction. */
    PassReport run(RepairSends sends) throws InterruptedException {
        long boundMs = properties.dispatchBound().toMillis();
        Map<UUID, Due> due = jdbc
                .query(
                        DUE,
                        (row, i) -> new Due(row.getObject("id", UUID.class), row.getInt("republications")),
                        boundMs,
                        boundMs,
                        properties.batchSize())
                .stream()
                .collect(Collectors.toMap(Due::jobId, Function.identity()));
        if (due.isEmpty()) {
            return new PassReport(false, 0, 0, 0, 0, 0);
        }
        ChangeSource source = jdbc.queryForObject(
                POSITION,
                (row, i) -> new ChangeSource(
                        row.getLong(1),
                        row.getLong(2),
                        row.getObject(3, OffsetDateTime.class).toInstant()));
        int[] unreadable = {0};
        List<JobChanged> snapshots = jdbc.query(
                connection -> {
                    PreparedStatement statement = connection.prepareStatement("SELECT * FROM jobs WHERE id = ANY (?)");
                    Array ids = connection.createArrayOf("uuid", due.keySet().toArray());
                    statement.setArray(1, ids);
                    return statement;
                },
                (row, i) -> {
                    try {
                        return StreamedRows.jobSnapshot(row, source);
                    } catch (IllegalArgumentException e) {
                        // The change stream dead-letters such a row too; nothing here can dispatch it.
                        log.warn("reconciler: job {} cannot be republished: {}", row.getString("id"), e.getMessage());
                        unreadable[0]++;
                        return null;
                    }
                });
        int republished = 0;
        for (JobChanged snapshot : snapshots) {
            if (snapshot == null) {
                continue;
            }
            sends.send(new ProducerRecord<>(
                    properties.jobsTopic(), MessageKeys.job(snapshot.jobId()), EventJson.write(snapshot)));
            int republications = due.get(snapshot.jobId()).republications() + 1;
            jdbc.update(RECORD, snapshot.jobId(), snapshot.after().attempt(), republications);
            republished++;
            if (republications > 1) {
                log.warn(
                        "reconciler: job {} attempt {} still not dispatched, republished {} times",
                        snapshot.jobId(),
                        snapshot.after().attempt(),
                        republications);
            }
        }
        return new PassReport(false, republished, 0, 0, 0, unreadable[0]);
    }
}
