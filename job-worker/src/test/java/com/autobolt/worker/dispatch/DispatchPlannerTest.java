package com.autobolt.worker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.schemas.BusinessProfile;
import com.autobolt.schemas.ChangeOperation;
import com.autobolt.schemas.ChangeSource;
import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.DirectoryState;
import com.autobolt.schemas.DirectoryTaskDispatched;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.ExecutionMode;
import com.autobolt.schemas.JobChanged;
import com.autobolt.schemas.JobOrigin;
import com.autobolt.schemas.JobState;
import com.autobolt.schemas.JobStatus;
import com.autobolt.schemas.PackageType;
import com.autobolt.schemas.Progress;
import com.autobolt.schemas.ResultStatus;
import com.autobolt.schemas.SubmissionMethod;
import com.autobolt.worker.config.WorkerProperties;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DispatchPlannerTest {

    private static final Instant AT = Instant.parse("2026-11-28T12:00:00Z");
    private static final UUID JOB = UUID.fromString("0b9c6c1e-8d2f-4a51-9e3a-5c7d8e9f0a1b");
    private final WorkerProperties.Topic topics =
            new WorkerProperties.Topic("jobs", "dirs", "tasks", "tasks.priority", "tasks.external", "results", "log");

    @Test
    void shouldTreatACreatedPendingJobAsEnteringPending() {
        assertThat(DispatchPlanner.entersPending(change(ChangeOperation.CREATED, null, job(JobStatus.PENDING, 1))))
                .isTrue();
    }

    @Test
    void shouldTreatARetryAsEnteringPending() {
        assertThat(DispatchPlanner.entersPending(
                        change(ChangeOperation.UPDATED, job(JobStatus.FAILED, 1), job(JobStatus.PENDING, 2))))
                .isTrue();
    }

    @Test
    void shouldNotTreatOtherUpdatesOfAPendingJobAsEnteringPending() {
        assertThat(DispatchPlanner.entersPending(
                        change(ChangeOperation.UPDATED, job(JobStatus.PENDING, 1), job(JobStatus.PENDING, 1))))
                .isFalse();
        assertThat(DispatchPlanner.entersPending(
                        change(ChangeOperation.UPDATED, job(JobStatus.PENDING, 1), job(JobStatus.IN_PROGRESS, 1))))
                .isFalse();
    }

    @Test
    void shouldNeverDispatchAnImportedJobWhileItsDispatchIsHeld() {
        assertThat(DispatchPlanner.entersPending(
                        change(ChangeOperation.CREATED, null, held(job(JobStatus.PENDING, 1)))))
                .isFalse();
        assertThat(DispatchPlanner.entersPending(
                        change(ChangeOperation.SNAPSHOT, null, held(job(JobStatus.PENDING, 1)))))
                .isFalse();
    }

    @Test
    void shouldTreatTheReleaseOfAHeldPendingJobAsEnteringPending() {
        assertThat(DispatchPlanner.entersPending(
                        change(ChangeOperation.UPDATED, held(job(JobStatus.PENDING, 1)), job(JobStatus.PENDING, 1))))
                .isTrue();
        assertThat(DispatchPlanner.entersPending(change(
                        ChangeOperation.UPDATED, held(job(JobStatus.IN_PROGRESS, 1)), job(JobStatus.PENDING, 1))))
                .isTrue();
    }

    @Test
    void shouldPlanAPendingResultAndAClaimForEveryKnownDirectory() {
        DispatchPlanner planner = new DispatchPlanner(topics, id -> Optional.of(directory(id, true)));

        List<ProducerRecord<String, byte[]>> records = planner.plan(job(JobStatus.PENDING, 1), AT);

        assertThat(records).hasSize(4);
        assertThat(records.get(0).topic()).isEqualTo("results");
        assertThat(records.get(0).key()).isEqualTo(JOB.toString());
        assertThat(EventJson.read(records.get(0).value(), DirectoryResultReported.class)
                        .status())
                .isEqualTo(ResultStatus.PENDING);
        assertThat(records.get(1).topic()).isEqualTo("tasks.priority");
        assertThat(records.get(1).key()).isEqualTo("a");
        DirectoryTaskDispatched claim = EventJson.read(records.get(1).value(), DirectoryTaskDispatched.class);
        assertThat(claim.taskId()).isEqualTo(JOB + ":a:1");
        assertThat(claim.idempotencyKey()).isEqualTo(claim.taskId());
        assertThat(claim.directory().submissionUrl()).isEqualTo("http://sites/a");
    }

    @Test
    void shouldReportUnknownAndInactiveDirectoriesInsteadOfDroppingThem() {
        DispatchPlanner planner = new DispatchPlanner(
                topics, id -> id.equals("a") ? Optional.empty() : Optional.of(directory(id, false)));

        List<ProducerRecord<String, byte[]>> records = planner.plan(job(JobStatus.PENDING, 1), AT);

        assertThat(records).allMatch(record -> record.topic().equals("results"));
        assertThat(records.stream()
                        .map(record -> EventJson.read(record.value(), DirectoryResultReported.class))
                        .filter(result -> result.status().isTerminal())
                        .map(DirectoryResultReported::errorCode))
                .containsExactly("directory_unknown", "directory_inactive");
    }

    @Test
    void shouldSendTheClaimsOfExternalDirectoriesToTheExternalTopicOnly() {
        DispatchPlanner planner = new DispatchPlanner(
                topics, id -> Optional.of(id.equals("a") ? external(directory(id, true)) : directory(id, true)));

        List<ProducerRecord<String, byte[]>> records = planner.plan(job(JobStatus.PENDING, 1), AT);

        // Pending results first, as for every directory; then each claim to its own topic, keyed by directory.
        assertThat(records)
                .extracting(ProducerRecord::topic)
                .containsExactly("results", "tasks.external", "results", "tasks.priority");
        assertThat(records.get(1).key()).isEqualTo("a");
        assertThat(EventJson.read(records.get(1).value(), DirectoryTaskDispatched.class)
                        .taskId())
                .isEqualTo(JOB + ":a:1");
    }

    @Test
    void shouldSendTheClaimOfALoginDirectoryAnAdminMadeAutomaticToTheExecutors() {
        DirectoryState login = directory("a", true);
        DirectoryState automaticLogin = new DirectoryState(
                login.id(),
                login.name(),
                null,
                null,
                login.submissionUrl(),
                login.submissionMethod(),
                login.fieldMapping(),
                10,
                true,
                0,
                true,
                false,
                AT,
                AT,
                ExecutionMode.AUTOMATIC);
        DispatchPlanner planner =
                new DispatchPlanner(topics, id -> Optional.of(id.equals("a") ? automaticLogin : directory(id, true)));

        assertThat(planner.plan(job(JobStatus.PENDING, 1), AT))
                .extracting(ProducerRecord::topic)
                .containsExactly("results", "tasks.priority", "results", "tasks.priority");
    }

    private static DirectoryState external(DirectoryState directory) {
        return new DirectoryState(
                directory.id(),
                directory.name(),
                null,
                null,
                directory.submissionUrl(),
                directory.submissionMethod(),
                directory.fieldMapping(),
                10,
                true,
                0,
                false,
                true,
                AT,
                AT,
                null);
    }

    private static JobChanged change(ChangeOperation op, JobState before, JobState after) {
        return new JobChanged(JobChanged.SCHEMA_VERSION, op, JOB, before, after, new ChangeSource(1, 1, AT));
    }

    private static JobState job(JobStatus status, int attempt) {
        return new JobState(
                JOB,
                UUID.randomUUID(),
                PackageType.STARTER,
                2,
                1,
                status,
                attempt,
                List.of("a", "b"),
                List.of("a", "b"),
                new BusinessProfile("Bakery", "a@b.example", null, null, null, null, null, null, null, null, null),
                Progress.of(2, 0, 0, 0),
                AT,
                AT,
                null,
                null,
                null,
                1);
    }

    /** The job as import-legacy writes an imported pending or in_progress job without --resume. */
    private static JobState held(JobState job) {
        return new JobState(
                job.id(),
                job.customerId(),
                job.packageType(),
                job.directoryCount(),
                job.priority(),
                job.status(),
                job.attempt(),
                job.plannedDirectoryIds(),
                job.dispatchDirectoryIds(),
                job.profile(),
                job.progress(),
                job.createdAt(),
                job.updatedAt(),
                job.startedAt(),
                job.completedAt(),
                job.errorMessage(),
                job.version(),
                JobOrigin.LEGACY_IMPORT,
                true,
                null,
                null);
    }

    private static DirectoryState directory(String id, boolean active) {
        return new DirectoryState(
                id,
                "Directory " + id,
                null,
                null,
                "http://sites/" + id,
                SubmissionMethod.FORM,
                Map.of("businessName", "name"),
                10,
                active,
                0,
                false,
                false,
                AT,
                AT);
    }
}
