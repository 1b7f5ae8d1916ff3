package com.autobolt.projector.progress;

import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.ResultStatus;
import com.autobolt.schemas.SubmissionEvidence;
import com.autobolt.schemas.TaskId;
import java.time.Instant;
import java.util.UUID;

/** Test-data builders for result events, with deterministic event times. */
final class Results {

    private static final Instant EPOCH = Instant.parse("2026-11-28T09:00:00Z");

    private Results() {}

    static DirectoryResultReported pending(UUID job, String directory, int attempt, long tick) {
        return DirectoryResultReported.of(new TaskId(job, directory, attempt), ResultStatus.PENDING, at(tick))
                .build();
    }

    static DirectoryResultReported claimed(UUID job, String directory, int attempt, long tick, String worker) {
        return DirectoryResultReported.of(new TaskId(job, directory, attempt), ResultStatus.CLAIMED, at(tick))
                .workerId(worker)
                .build();
    }

    static DirectoryResultReported ended(
            UUID job, String directory, int attempt, ResultStatus outcome, long tick, String worker) {
        var builder = DirectoryResultReported.of(new TaskId(job, directory, attempt), outcome, at(tick))
                .workerId(worker)
                .durationMs(tick % 1000);
        switch (outcome) {
            case SUBMITTED ->
                builder.listingUrl("https://listings.example/" + directory + "/" + job)
                        .evidence(new SubmissionEvidence(201, "created", 0));
            case FAILED ->
                builder.error("http_500", "directory answered 500").evidence(new SubmissionEvidence(500, "oops", 3));
            case SKIPPED -> builder.error("captcha_required", "the directory needs a captcha");
            default -> throw new IllegalArgumentException(outcome + " is not an outcome");
        }
        return builder.build();
    }

    /**
     * A result as a worker that neither cleans nor bounds its text could send it: built with the
     * record's constructor (which does not check text), not the builder.
     */
    static DirectoryResultReported unchecked(
            UUID job,
            String directory,
            ResultStatus status,
            long tick,
            String listingUrl,
            String errorCode,
            String errorMessage,
            SubmissionEvidence evidence) {
        TaskId task = new TaskId(job, directory, 1);
        return new DirectoryResultReported(
                DirectoryResultReported.SCHEMA_VERSION,
                UUID.randomUUID(),
                task.toString(),
                job,
                directory,
                1,
                status,
                "worker-a",
                at(tick),
                listingUrl,
                errorCode,
                errorMessage,
                evidence,
                tick % 1000);
    }

    static Instant at(long tick) {
        return EPOCH.plusMillis(tick);
    }
}
