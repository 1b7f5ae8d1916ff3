package com.autobolt.legacy.mapping;

import com.autobolt.schemas.JobStatus;
import com.autobolt.schemas.PackageType;
import com.autobolt.schemas.ResultStatus;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The legacy statuses and package names in AutoBolt's vocabulary. The tables here are the ones in
 * docs/design.md, Legacy import, and the module README; a value in none of them is rejected with the
 * value named, never guessed.
 */
final class LegacyVocabulary {

    private LegacyVocabulary() {}

    /** {@code jobs.status}, every spelling the old writers used. */
    private static final Map<String, JobStatus> JOB_STATUSES = Map.ofEntries(
            Map.entry("pending", JobStatus.PENDING),
            Map.entry("queued", JobStatus.PENDING),
            // emergency-stop: stopped before it was done, so it is still to do
            Map.entry("paused", JobStatus.PENDING),
            Map.entry("in_progress", JobStatus.IN_PROGRESS),
            Map.entry("in-progress", JobStatus.IN_PROGRESS),
            Map.entry("processing", JobStatus.IN_PROGRESS),
            Map.entry("submitting", JobStatus.IN_PROGRESS),
            // update-progress stored a result's status on the job: the job was under way
            Map.entry("submitted", JobStatus.IN_PROGRESS),
            Map.entry("complete", JobStatus.COMPLETE),
            Map.entry("completed", JobStatus.COMPLETE),
            Map.entry("failed", JobStatus.FAILED),
            Map.entry("cancelled", JobStatus.CANCELLED));

    /** {@code autobolt_processing_queue.status}. */
    private static final Map<String, JobStatus> QUEUE_STATUSES = Map.of(
            "queued", JobStatus.PENDING,
            "pending", JobStatus.PENDING,
            "paused", JobStatus.PENDING,
            "processing", JobStatus.IN_PROGRESS,
            "completed", JobStatus.COMPLETE,
            "failed", JobStatus.FAILED,
            "cancelled", JobStatus.CANCELLED);

    /**
     * A directory's outcome in {@code job_results.status}/{@code submission_status} and
     * {@code directory_submissions.status}/{@code submission_status}: ended (submitted, failed,
     * skipped) or {@link #NOT_ENDED}, which keeps the directory in the job's plan without a result.
     */
    static final Optional<ResultStatus> NOT_ENDED = Optional.empty();

    private static final Map<String, Optional<ResultStatus>> OUTCOMES = Map.ofEntries(
            Map.entry("submitted", Optional.of(ResultStatus.SUBMITTED)),
            Map.entry("success", Optional.of(ResultStatus.SUBMITTED)),
            Map.entry("approved", Optional.of(ResultStatus.SUBMITTED)),
            // submitted, the site has not decided yet
            Map.entry("under_review", Optional.of(ResultStatus.SUBMITTED)),
            Map.entry("failed", Optional.of(ResultStatus.FAILED)),
            Map.entry("error", Optional.of(ResultStatus.FAILED)),
            Map.entry("rejected", Optional.of(ResultStatus.FAILED)),
            Map.entry("no_form", Optional.of(ResultStatus.FAILED)),
            Map.entry("revision_needed", Optional.of(ResultStatus.FAILED)),
            Map.entry("expired", Optional.of(ResultStatus.FAILED)),
            Map.entry("removed", Optional.of(ResultStatus.FAILED)),
            // needs a person (login, captcha): what AutoBolt's worker reports as skipped
            Map.entry("manual_required", Optional.of(ResultStatus.SKIPPED)),
            Map.entry("skipped", Optional.of(ResultStatus.SKIPPED)),
            Map.entry("cancelled", Optional.of(ResultStatus.SKIPPED)),
            Map.entry("pending", NOT_ENDED),
            Map.entry("processing", NOT_ENDED),
            Map.entry("submitting", NOT_ENDED),
            Map.entry("retry", NOT_ENDED),
            Map.entry("retrying", NOT_ENDED),
            // process-jobs marked rows completed without submitting anything: still to do
            Map.entry("completed", NOT_ENDED));

    /** The package of a {@code package_size}: the worker payload's mapping. */
    private static final Map<Integer, PackageType> PACKAGE_SIZES = Map.of(
            50, PackageType.STARTER,
            100, PackageType.GROWTH,
            300, PackageType.PROFESSIONAL,
            500, PackageType.ENTERPRISE);

    private static final Map<String, PackageType> PACKAGE_NAMES = Map.of(
            "starter", PackageType.STARTER,
            "basic", PackageType.STARTER,
            "growth", PackageType.GROWTH,
            "professional", PackageType.PROFESSIONAL,
            "pro", PackageType.PROFESSIONAL,
            "enterprise", PackageType.ENTERPRISE);

    static Optional<JobStatus> jobStatus(String legacy) {
        return Optional.ofNullable(JOB_STATUSES.get(normalized(legacy)));
    }

    static Optional<JobStatus> queueStatus(String legacy) {
        return Optional.ofNullable(QUEUE_STATUSES.get(normalized(legacy)));
    }

    /** Empty when the value is not in the vocabulary; else ended or {@link #NOT_ENDED}. */
    static Optional<Optional<ResultStatus>> outcome(String legacy) {
        return Optional.ofNullable(OUTCOMES.get(normalized(legacy)));
    }

    static Optional<PackageType> packageOfSize(Integer size) {
        return Optional.ofNullable(size == null ? null : PACKAGE_SIZES.get(size));
    }

    static Optional<PackageType> packageNamed(String legacy) {
        return Optional.ofNullable(PACKAGE_NAMES.get(normalized(legacy)));
    }

    /** Legacy priorities ran 0 (first) upwards; AutoBolt's 1 (first) to 5. Absent: AutoBolt's default, 3. */
    static int priority(Integer legacy) {
        if (legacy == null) {
            return 3;
        }
        return Math.max(1, Math.min(5, legacy));
    }

    private static String normalized(String value) {
        return value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    }
}
