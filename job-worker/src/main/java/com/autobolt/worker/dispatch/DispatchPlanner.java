package com.autobolt.worker.dispatch;

import com.autobolt.schemas.ChangeOperation;
import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.DirectoryState;
import com.autobolt.schemas.DirectoryTaskDispatched;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.JobChanged;
import com.autobolt.schemas.JobState;
import com.autobolt.schemas.JobStatus;
import com.autobolt.schemas.MessageKeys;
import com.autobolt.schemas.ResultStatus;
import com.autobolt.schemas.TaskId;
import com.autobolt.worker.config.WorkerProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Turns one job change into the records of its dispatch: claim events, pending results, and unknown-directory outcomes. */
final class DispatchPlanner {

    static final String DIRECTORY_UNKNOWN = "directory_unknown";
    static final String DIRECTORY_INACTIVE = "directory_inactive";

    private final WorkerProperties.Topic topics;
    private final Function<String, Optional<DirectoryState>> catalog;

    DispatchPlanner(WorkerProperties.Topic topics, Function<String, Optional<DirectoryState>> catalog) {
        this.topics = topics;
        this.catalog = catalog;
    }

    /**
     * Whether this change puts the job into {@code pending} for an attempt: a new job, a retry, or an
     * imported job released by {@code import-legacy --resume}. Any other update of a pending job
     * (progress, version) is not a new dispatch, and a job whose dispatch is held is never dispatched.
     */
    static boolean entersPending(JobChanged change) {
        JobState after = change.after();
        if (after == null || after.status() != JobStatus.PENDING || after.dispatchHeld()) {
            return false;
        }
        JobState before = change.before();
        return change.op() == ChangeOperation.CREATED
                || change.op() == ChangeOperation.SNAPSHOT
                || before == null
                || before.status() != JobStatus.PENDING
                || before.attempt() != after.attempt()
                || before.dispatchHeld();
    }

    /** The directories of this attempt that the catalog does not know. */
    List<String> unknownDirectories(JobState job) {
        return job.dispatchDirectoryIds().stream()
                .filter(id -> catalog.apply(id).isEmpty())
                .toList();
    }

    /**
     * For each directory of the attempt: a {@code pending} result, then a claim event; or, for a
     * directory the catalog does not know or has deactivated, a terminal result saying so (the job
     * must not wait for a task nobody will run).
     */
    List<ProducerRecord<String, byte[]>> plan(JobState job, Instant now) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (String directoryId : job.dispatchDirectoryIds()) {
            TaskId task = new TaskId(job.id(), directoryId, job.attempt());
            records.add(result(
                    DirectoryResultReported.of(task, ResultStatus.PENDING, now).build()));
            Optional<DirectoryState> directory = catalog.apply(directoryId);
            if (directory.isEmpty()) {
                records.add(result(DirectoryResultReported.of(task, ResultStatus.FAILED, now)
                        .error(DIRECTORY_UNKNOWN, "directory " + directoryId + " is not in the catalog")
                        .build()));
            } else if (!directory.get().active()) {
                records.add(result(DirectoryResultReported.of(task, ResultStatus.SKIPPED, now)
                        .error(DIRECTORY_INACTIVE, "directory " + directoryId + " is deactivated")
                        .build()));
            } else {
                DirectoryTaskDispatched claim = DirectoryTaskDispatched.of(
                        task,
                        job.customerId(),
                        job.priority(),
                        job.profile(),
                        directory.get().submissionSpec(),
                        now);
                // An external directory's task waits for an HTTP worker in job-api's lease service.
                records.add(new ProducerRecord<>(
                        topics.tasksFor(job.priority(), directory.get().external()),
                        MessageKeys.directory(directoryId),
                        EventJson.write(claim)));
            }
        }
        return records;
    }

    private ProducerRecord<String, byte[]> result(DirectoryResultReported result) {
        return new ProducerRecord<>(topics.results(), MessageKeys.job(result.jobId()), EventJson.write(result));
    }
}
