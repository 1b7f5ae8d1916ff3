package com.autobolt.schemas;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test-data builders: one fully populated and one minimal instance of every event. */
final class SampleEvents {

    static final UUID JOB_ID = UUID.fromString("0b9c6c1e-8d2f-4a51-9e3a-5c7d8e9f0a1b");
    static final UUID CUSTOMER_ID = UUID.fromString("a3e4b5c6-d7e8-4f90-a1b2-c3d4e5f60718");
    static final Instant AT = Instant.parse("2026-11-28T12:00:00.123Z");

    private SampleEvents() {}

    static BusinessProfile aProfile() {
        return new BusinessProfile(
                "Harbor Bakery",
                "hello@harborbakery.example",
                "+1 555 0100",
                "https://harborbakery.example",
                "12 Pier Road",
                "Portland",
                "ME",
                "04101",
                "US",
                "bakery",
                "Sourdough since 1998.");
    }

    static DirectoryState aDirectory() {
        return new DirectoryState(
                "yelp-local",
                "Yelp Local",
                "https://directory.example",
                "general",
                "https://directory.example/submit",
                SubmissionMethod.FORM,
                Map.of("businessName", "company"),
                87,
                true,
                1000,
                false,
                false,
                AT,
                AT);
    }

    static DirectoryTaskDispatched aDispatchedTask() {
        return DirectoryTaskDispatched.of(
                new TaskId(JOB_ID, "yelp-local", 1),
                CUSTOMER_ID,
                2,
                aProfile(),
                aDirectory().submissionSpec(),
                AT);
    }

    static DirectoryResultReported aSubmittedResult() {
        return DirectoryResultReported.of(new TaskId(JOB_ID, "yelp-local", 1), ResultStatus.SUBMITTED, AT)
                .workerId("worker-1")
                .listingUrl("https://directory.example/listings/1")
                .evidence(new SubmissionEvidence(201, "{\"id\":1}", 0))
                .durationMs(412)
                .build();
    }

    static DirectoryResultReported aPendingResult() {
        return DirectoryResultReported.of(new TaskId(JOB_ID, "yelp-local", 2), ResultStatus.PENDING, AT)
                .build();
    }

    static JobState aJob(JobStatus status, Progress progress) {
        return new JobState(
                JOB_ID,
                CUSTOMER_ID,
                PackageType.STARTER,
                2,
                3,
                status,
                1,
                List.of("yelp-local", "city-guide"),
                List.of("yelp-local", "city-guide"),
                aProfile(),
                progress,
                AT,
                AT,
                status == JobStatus.PENDING ? null : AT,
                null,
                null,
                1);
    }

    static JobChanged aJobUpdate() {
        return new JobChanged(
                JobChanged.SCHEMA_VERSION,
                ChangeOperation.UPDATED,
                JOB_ID,
                aJob(JobStatus.PENDING, Progress.of(2, 0, 0, 0)),
                aJob(JobStatus.IN_PROGRESS, Progress.of(2, 1, 0, 0)),
                new ChangeSource(24_023_128L, 771L, AT));
    }

    static JobChanged aJobCreation() {
        return new JobChanged(
                JobChanged.SCHEMA_VERSION,
                ChangeOperation.CREATED,
                JOB_ID,
                null,
                aJob(JobStatus.PENDING, Progress.of(2, 0, 0, 0)),
                new ChangeSource(24_023_000L, 770L, AT));
    }

    static DirectoryChanged aDirectoryCreation() {
        return new DirectoryChanged(
                DirectoryChanged.SCHEMA_VERSION,
                ChangeOperation.CREATED,
                "yelp-local",
                null,
                aDirectory(),
                new ChangeSource(24_011_000L, 702L, AT));
    }

    static DirectoryBreakerChanged anOpenBreaker() {
        return DirectoryBreakerChanged.of(
                "worker-7f3c-1", "yelp-local", BreakerState.OPEN, AT, "timeout", AT, AT.plusSeconds(180));
    }

    static DirectoryOutcomeRecorded aFailedOutcome() {
        return new DirectoryOutcomeRecorded(
                DirectoryOutcomeRecorded.SCHEMA_VERSION,
                JOB_ID,
                "yelp-local",
                "general",
                PackageType.GROWTH,
                2,
                ResultStatus.FAILED,
                "http_422",
                412L,
                AT,
                AT.plusSeconds(95));
    }

    static DirectoryOutcomeRecorded aSkippedOutcomeOfAnUnknownDirectory() {
        return new DirectoryOutcomeRecorded(
                DirectoryOutcomeRecorded.SCHEMA_VERSION,
                JOB_ID,
                "gone-directory",
                null,
                PackageType.STARTER,
                1,
                ResultStatus.SKIPPED,
                "captcha_required",
                null,
                AT,
                AT);
    }

    static JobSummaryChanged aCompletedJobSummary() {
        JobState job = aJob(JobStatus.COMPLETE, Progress.of(2, 1, 1, 0));
        return JobSummaryChanged.of(job);
    }
}
