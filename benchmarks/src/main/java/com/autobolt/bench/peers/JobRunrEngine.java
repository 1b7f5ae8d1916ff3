package com.autobolt.bench.peers;

import static org.jobrunr.server.BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.jobs.lambdas.JobRequest;
import org.jobrunr.jobs.lambdas.JobRequestHandler;
import org.jobrunr.scheduling.BackgroundJobRequest;
import org.jobrunr.server.JobActivator;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;

/**
 * JobRunr (open-source edition) on its PostgreSQL storage provider: one background job per (job,
 * directory), enqueued as a stream of job requests ({@code BackgroundJobRequest.enqueue}, which saves them
 * in batches), run by a background job server of 16 workers. JobRunr saves a job's state changes
 * (processing, succeeded) in its own storage calls and lends no transaction to the job, so the result row
 * and the progress are a transaction of their own inside the job; a job run again is counted once
 * ({@link ResultStore#record}) and its repeated submission by the sandbox.
 */
final class JobRunrEngine implements PeerEngine {

    /** A submission as a JobRunr job request (serialized as JSON into JobRunr's jobs table). */
    public static final class SubmitRequest implements JobRequest {
        private String jobId;
        private String directoryId;
        private String profileJson;

        public SubmitRequest() {}

        SubmitRequest(String jobId, String directoryId, String profileJson) {
            this.jobId = jobId;
            this.directoryId = directoryId;
            this.profileJson = profileJson;
        }

        public String getJobId() {
            return jobId;
        }

        public String getDirectoryId() {
            return directoryId;
        }

        public String getProfileJson() {
            return profileJson;
        }

        @Override
        public Class<SubmitHandler> getJobRequestHandler() {
            return SubmitHandler.class;
        }
    }

    /** Runs a submission; one instance, handed out by the engine's {@link JobActivator}. */
    public static final class SubmitHandler implements JobRequestHandler<SubmitRequest> {
        private final DataSource dataSource;
        private final SandboxSubmitter submitter;

        SubmitHandler(DataSource dataSource, SandboxSubmitter submitter) {
            this.dataSource = dataSource;
            this.submitter = submitter;
        }

        @Override
        public void run(SubmitRequest request) throws SQLException {
            SandboxSubmitter.Outcome outcome =
                    submitter.submit(request.getJobId(), request.getDirectoryId(), request.getProfileJson());
            ResultStore.recordAlone(dataSource, request.getJobId(), request.getDirectoryId(), outcome);
        }
    }

    private final DataSource dataSource;

    JobRunrEngine(DataSource dataSource, SandboxSubmitter submitter, int threads, Duration pollInterval) {
        this.dataSource = dataSource;
        SubmitHandler handler = new SubmitHandler(dataSource, submitter);
        JobActivator activator = new JobActivator() {
            @Override
            public <T> T activateJob(Class<T> type) {
                return type.isInstance(handler) ? type.cast(handler) : null;
            }
        };
        JobRunr.configure()
                .useJsonMapper(new JacksonJsonMapper())
                .useJobActivator(activator)
                .useStorageProvider(new PostgresStorageProvider(dataSource))
                .useBackgroundJobServer(usingStandardBackgroundJobServerConfiguration()
                        .andWorkerCount(threads)
                        .andPollInterval(pollInterval))
                .initialize();
    }

    @Override
    public void enqueue(String jobId, String profileJson, List<String> directoryIds) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            ResultStore.createJob(connection, jobId, directoryIds.size());
        }
        BackgroundJobRequest.enqueue(
                directoryIds.stream().map(directoryId -> new SubmitRequest(jobId, directoryId, profileJson)));
    }

    @Override
    public void close() {
        JobRunr.destroy();
    }
}
