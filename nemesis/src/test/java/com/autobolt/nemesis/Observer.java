package com.autobolt.nemesis;

import com.autobolt.stack.LocalStack;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Watches PostgreSQL (as the administrator, directly, not through the proxy) during the whole run: every
 * half second whether a new result was projected (the count and latest update of the ended results
 * changed, compared as values only, never against a clock), for the recovery figure; every few seconds
 * every result row and job, so that a result or a job's progress that goes backwards within an attempt
 * is seen even if it moves forward again before the end.
 */
final class Observer {

    private static final Set<String> ENDED = Set.of("submitted", "failed", "skipped");
    private static final Set<String> TERMINAL_JOB = Set.of("complete", "failed", "cancelled");

    private record Seen(int attempt, String status, long progressDone) {}

    private final LocalStack stack;
    private final FaultLog log;
    private final List<Long> projectionChanges = new CopyOnWriteArrayList<>();
    private final List<String> backwards = new CopyOnWriteArrayList<>();
    private final Map<String, Seen> results = new HashMap<>();
    private final Map<String, Seen> jobs = new HashMap<>();
    private volatile boolean stopped;
    private Thread thread;
    private Connection connection;
    private String lastFingerprint = "";

    Observer(LocalStack stack, FaultLog log) {
        this.stack = stack;
        this.log = log;
    }

    void start() {
        thread = new Thread(this::run, "observer");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() throws InterruptedException {
        stopped = true;
        thread.join(30_000);
    }

    /** Elapsed times (nanos from the run's start) at which a new result was seen projected. */
    List<Long> projectionChanges() {
        return List.copyOf(projectionChanges);
    }

    List<String> backwards() {
        return List.copyOf(backwards);
    }

    private void run() {
        long lastScan = 0;
        while (!stopped) {
            try {
                if (connection == null || connection.isClosed()) {
                    connection = stack.connectDatabase();
                }
                fingerprint();
                if (System.nanoTime() - lastScan > 4_000_000_000L) {
                    scan();
                    lastScan = System.nanoTime();
                }
            } catch (SQLException e) {
                closeQuietly(); // PostgreSQL restarting: the next round connects again
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
        closeQuietly();
    }

    private void fingerprint() throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*), max(updated_at)::text FROM job_results"
                        + " WHERE status IN ('submitted', 'failed', 'skipped')")) {
            row.next();
            String fingerprint = row.getLong(1) + "/" + row.getString(2);
            if (!fingerprint.equals(lastFingerprint)) {
                lastFingerprint = fingerprint;
                projectionChanges.add(log.elapsedNanos());
            }
        }
    }

    private void scan() throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT job_id::text || ':' || directory_id, attempt, status FROM job_results")) {
            while (rows.next()) {
                check(results, "result " + rows.getString(1), new Seen(rows.getInt(2), rows.getString(3), 0), true);
            }
        }
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id::text, attempt, status, progress_done FROM jobs")) {
            while (rows.next()) {
                check(
                        jobs,
                        "job " + rows.getString(1),
                        new Seen(rows.getInt(2), rows.getString(3), rows.getLong(4)),
                        false);
            }
        }
    }

    private void check(Map<String, Seen> seen, String what, Seen now, boolean result) {
        Seen before = seen.put(what, now);
        if (before == null) {
            return;
        }
        String problem = null;
        if (now.attempt() < before.attempt()) {
            problem = "attempt went from " + before.attempt() + " to " + now.attempt();
        } else if (now.attempt() == before.attempt()) {
            if (result && ENDED.contains(before.status()) && !before.status().equals(now.status())) {
                problem = "ended result changed from " + before.status() + " to " + now.status() + " in attempt "
                        + now.attempt();
            } else if (!result && now.progressDone() < before.progressDone()) {
                problem = "progress went from " + before.progressDone() + " to " + now.progressDone()
                        + " done in attempt " + now.attempt();
            } else if (!result && TERMINAL_JOB.contains(before.status()) && !TERMINAL_JOB.contains(now.status())) {
                problem = "job went from " + before.status() + " to " + now.status() + " in attempt " + now.attempt();
            }
        }
        if (problem != null) {
            String line = what + ": " + problem + " (seen at "
                    + log.stamp(log.elapsedNanos()).trim() + ")";
            backwards.add(line);
            log.print("BACKWARDS " + line);
        }
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // gone already
            }
            connection = null;
        }
    }
}
