package com.autobolt.bench.peers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The queue people write themselves: a table of tasks, each worker thread taking the oldest one with
 * {@code FOR UPDATE SKIP LOCKED}. Taking the task (its delete), the submission's result row and the
 * job's progress are one transaction: a worker that dies mid-task leaves the task in the table.
 */
final class SkipLockedEngine implements PeerEngine {

    /** How long an idle worker thread waits before looking at the table again. */
    private static final long IDLE_POLL_MS = 20;

    private final DataSource dataSource;
    private final SandboxSubmitter submitter;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running = true;

    SkipLockedEngine(DataSource dataSource, SandboxSubmitter submitter, int threads) throws SQLException {
        this.dataSource = dataSource;
        this.submitter = submitter;
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE tasks (id bigserial PRIMARY KEY, job_id text NOT NULL,"
                    + " directory_id text NOT NULL, profile text NOT NULL)");
        }
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(this::work, "skiplocked-worker-" + i);
            worker.start();
            workers.add(worker);
        }
    }

    @Override
    public void enqueue(String jobId, String profileJson, List<String> directoryIds) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            ResultStore.createJob(connection, jobId, directoryIds.size());
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO tasks (job_id, directory_id, profile) VALUES (?, ?, ?)")) {
                for (String directoryId : directoryIds) {
                    insert.setString(1, jobId);
                    insert.setString(2, directoryId);
                    insert.setString(3, profileJson);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
        }
    }

    private void work() {
        while (running) {
            try {
                if (!runOne()) {
                    Thread.sleep(IDLE_POLL_MS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (SQLException e) {
                System.err.println("skiplocked: " + e.getMessage());
            }
        }
    }

    /** Takes, submits and records one task in one transaction; false when there was none. */
    private boolean runOne() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement take = connection.prepareStatement(
                            "DELETE FROM tasks WHERE id = (SELECT id FROM tasks ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)"
                                    + " RETURNING job_id, directory_id, profile");
                    ResultSet task = take.executeQuery()) {
                if (!task.next()) {
                    connection.rollback();
                    return false;
                }
                String jobId = task.getString(1);
                String directoryId = task.getString(2);
                SandboxSubmitter.Outcome outcome = submitter.submit(jobId, directoryId, task.getString(3));
                ResultStore.record(connection, jobId, directoryId, outcome);
                connection.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread worker : workers) {
            worker.join(15_000);
        }
    }
}
