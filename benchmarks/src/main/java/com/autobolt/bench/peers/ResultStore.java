package com.autobolt.bench.peers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * A peer's results, shaped as AutoBolt keeps them: one row per (job, directory) and the job's progress
 * counts. {@link #record} makes a task's outcome count once however often the engine runs the task: the
 * result row is inserted only if absent, and the progress moves only when it was.
 */
final class ResultStore {

    private ResultStore() {}

    static void createTables(DataSource dataSource, String schema) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            statement.execute("CREATE SCHEMA " + schema);
            statement.execute("CREATE TABLE " + schema + ".job_progress (job_id text PRIMARY KEY, total int NOT NULL,"
                    + " done int NOT NULL DEFAULT 0, submitted int NOT NULL DEFAULT 0, failed int NOT NULL DEFAULT 0,"
                    + " created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now())");
            statement.execute(
                    "CREATE TABLE " + schema + ".job_results (job_id text NOT NULL, directory_id text NOT NULL,"
                            + " status text NOT NULL, http_status int, finished_at timestamptz NOT NULL DEFAULT now(),"
                            + " PRIMARY KEY (job_id, directory_id))");
        }
    }

    /** The job's progress row, before any of its tasks is enqueued (in the caller's transaction). */
    static void createJob(Connection connection, String jobId, int total) throws SQLException {
        try (PreparedStatement insert =
                connection.prepareStatement("INSERT INTO job_progress (job_id, total) VALUES (?, ?)")) {
            insert.setString(1, jobId);
            insert.setInt(2, total);
            insert.executeUpdate();
        }
    }

    /** The task's outcome and the job's progress, in the caller's transaction. */
    static void record(Connection connection, String jobId, String directoryId, SandboxSubmitter.Outcome outcome)
            throws SQLException {
        int inserted;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO job_results (job_id, directory_id, status, http_status) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING")) {
            insert.setString(1, jobId);
            insert.setString(2, directoryId);
            insert.setString(3, outcome.submitted() ? "submitted" : "failed");
            insert.setInt(4, outcome.httpStatus());
            inserted = insert.executeUpdate();
        }
        if (inserted == 0) {
            return; // the engine ran this task again: its outcome is already counted
        }
        try (PreparedStatement progress = connection.prepareStatement(
                "UPDATE job_progress SET done = done + 1, submitted = submitted + ?, failed = failed + ?,"
                        + " updated_at = now() WHERE job_id = ?")) {
            progress.setInt(1, outcome.submitted() ? 1 : 0);
            progress.setInt(2, outcome.submitted() ? 0 : 1);
            progress.setString(3, jobId);
            progress.executeUpdate();
        }
    }

    /** {@link #record} in a transaction of its own, for engines that give none of theirs. */
    static void recordAlone(DataSource dataSource, String jobId, String directoryId, SandboxSubmitter.Outcome outcome)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                record(connection, jobId, directoryId, outcome);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }
}
