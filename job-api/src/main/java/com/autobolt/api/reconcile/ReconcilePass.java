package com.autobolt.api.reconcile;

import org.apache.kafka.clients.producer.Producer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One pass of the reconciler: one database transaction that first takes the reconciler's
 * transaction-scoped advisory lock, and does nothing when another instance holds it. The holder
 * finds what is stuck, publishes the repairs, waits until Kafka acknowledged all of them, records
 * them and commits, which releases the lock. A failure anywhere rolls back the records: the next
 * pass finds the same rows due and repairs them again, which every repair tolerates.
 */
final class ReconcilePass {

    /** Names the advisory lock; keyed like the change stream's leadership lock. */
    static final String LOCK_NAME = "autobolt-reconciler";

    static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock(hashtextextended(?, 20261128))";

    private final TransactionTemplate transaction;
    private final JdbcTemplate jdbc;
    private final Producer<String, byte[]> producer;
    private final JobRepublications jobs;
    private final TaskRepairs tasks;

    ReconcilePass(
            TransactionTemplate transaction,
            JdbcTemplate jdbc,
            Producer<String, byte[]> producer,
            JobRepublications jobs,
            TaskRepairs tasks) {
        this.transaction = transaction;
        this.jdbc = jdbc;
        this.producer = producer;
        this.jobs = jobs;
        this.tasks = tasks;
    }

    PassReport run() {
        return transaction.execute(status -> {
            if (!Boolean.TRUE.equals(jdbc.queryForObject(TRY_LOCK, Boolean.class, LOCK_NAME))) {
                return PassReport.SKIPPED;
            }
            RepairSends sends = new RepairSends(producer);
            try {
                PassReport report = jobs.run(sends).plus(tasks.run(sends));
                sends.awaitAcknowledged();
                return report;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Kafka; the pass is rolled back", e);
            }
        });
    }
}
