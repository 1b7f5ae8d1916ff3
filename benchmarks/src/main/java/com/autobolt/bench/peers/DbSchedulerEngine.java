package com.autobolt.bench.peers;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * db-scheduler: one one-time task instance per (job, directory), scheduled for now with
 * {@code SchedulerClient.scheduleBatch}, run by the scheduler's 16 threads, polled with lock-and-fetch
 * ({@code FOR UPDATE SKIP LOCKED}, its recommended strategy on PostgreSQL for throughput). db-scheduler
 * completes an execution (deletes its row) in a statement of its own after the task returns, so the
 * result row and the progress are a transaction of their own just before it; should the completion be
 * lost, the task runs again and {@link ResultStore#record} counts it once (the sandbox counts the repeat).
 */
final class DbSchedulerEngine implements PeerEngine {

    /** The task's data, serialized by db-scheduler (Java serialization, its default). */
    record Submission(String jobId, String directoryId, String profileJson) implements Serializable {}

    private final DataSource dataSource;
    private final OneTimeTask<Submission> task;
    private final Scheduler scheduler;

    DbSchedulerEngine(DataSource dataSource, SandboxSubmitter submitter, int threads) throws SQLException {
        this.dataSource = dataSource;
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            // db-scheduler's table for PostgreSQL, as its documentation gives it.
            statement.execute("CREATE TABLE scheduled_tasks (task_name text NOT NULL, task_instance text NOT NULL,"
                    + " task_data bytea, execution_time timestamptz NOT NULL, picked boolean NOT NULL,"
                    + " picked_by text, last_success timestamptz, last_failure timestamptz,"
                    + " consecutive_failures int, last_heartbeat timestamptz, version bigint NOT NULL,"
                    + " priority smallint, PRIMARY KEY (task_name, task_instance))");
            statement.execute("CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)");
            statement.execute("CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)");
            statement.execute(
                    "CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC)");
        }
        task = Tasks.oneTime("submit", Submission.class).execute((instance, context) -> {
            Submission submission = instance.getData();
            SandboxSubmitter.Outcome outcome =
                    submitter.submit(submission.jobId(), submission.directoryId(), submission.profileJson());
            try {
                ResultStore.recordAlone(dataSource, submission.jobId(), submission.directoryId(), outcome);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        scheduler = Scheduler.create(dataSource, task)
                .threads(threads)
                .pollUsingLockAndFetch(0.5, 1.0)
                // The default is 10 s; new work scheduled by this process is picked up at once anyway
                // (immediate execution), so this only bounds how long work scheduled elsewhere waits.
                .pollingInterval(Duration.ofSeconds(1))
                .enableImmediateExecution()
                .build();
        scheduler.start();
    }

    @Override
    public void enqueue(String jobId, String profileJson, List<String> directoryIds) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            ResultStore.createJob(connection, jobId, directoryIds.size());
        }
        List<TaskInstance<?>> instances = new ArrayList<>(directoryIds.size());
        for (String directoryId : directoryIds) {
            instances.add(task.instance(jobId + "/" + directoryId, new Submission(jobId, directoryId, profileJson)));
        }
        scheduler.scheduleBatch(instances, Instant.now());
    }

    @Override
    public void close() {
        scheduler.stop();
    }
}
