package com.autobolt.api.job;

import com.autobolt.api.audit.AuditTrail;
import com.autobolt.api.customer.CustomerService;
import com.autobolt.api.error.ApiException;
import com.autobolt.api.error.InvalidFieldsException;
import com.autobolt.api.web.PageResponse;
import com.autobolt.kafka.observability.RecordTracing;
import com.autobolt.schemas.BusinessProfile;
import com.autobolt.schemas.JobStatus;
import com.autobolt.schemas.ResultStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Creating jobs (idempotently), reading them, and the two moves job-api makes: retry and cancel. */
@Service
class JobService {

    /** The job-worker's error code on a directory it skipped because the job had been cancelled. */
    private static final String JOB_CANCELLED = "job_cancelled";

    /** A job's history is short (creation, a few retries, a cancel); this bounds a pathological one. */
    private static final int HISTORY_LIMIT = 500;

    /** How often a conditional update is re-decided after the row changed under it, before giving up (409). */
    private static final int MAX_ROUNDS = 5;

    /** A created or replayed job: {@code created} is false when an Idempotency-Key returned an earlier one. */
    record CreateOutcome(JobResponse job, boolean created) {}

    private final JobRepository jobs;
    private final JobPlanner planner;
    private final CustomerService customers;
    private final TransactionTemplate tx;
    private final AuditTrail audit;
    private final RecordTracing tracing;

    JobService(
            JobRepository jobs,
            JobPlanner planner,
            CustomerService customers,
            TransactionTemplate tx,
            AuditTrail audit,
            RecordTracing tracing) {
        this.jobs = jobs;
        this.tracing = tracing;
        this.planner = planner;
        this.customers = customers;
        this.tx = tx;
        this.audit = audit;
    }

    /** What was done to the job through the API, oldest first. */
    List<AuditTrail.Entry> history(UUID id) {
        row(id);
        return audit.of("job", id, HISTORY_LIMIT);
    }

    /**
     * Without a transaction: the reads before the write need no snapshot of their own (a customer or
     * directory changed meanwhile is as if changed just after), and the write is one atomic statement
     * (job, audit entry, key), so a BEGIN and a COMMIT round trip are saved. A key is looked up only
     * when the creation did not go through (the key taken, or the request refused), not before every
     * creation: an earlier job with the key still answers (replayed) before any refusal, one round trip
     * fewer for a new key. Together 7 round trips become 3: +38 % jobs/s with 16 clients in
     * CreateJobBenchmark (349 → 486, means of two alternated runs each; job-api's README, "Where a
     * creation's time goes").
     */
    CreateOutcome create(CreateJobRequest request, String idempotencyKey) {
        if (idempotencyKey == null) {
            return new CreateOutcome(insert(request, null).toResponse(), true);
        }
        String fingerprint = request.fingerprint();
        try {
            return new CreateOutcome(
                    insert(request, new JobRepository.KeyClaim(idempotencyKey, fingerprint))
                            .toResponse(),
                    true);
        } catch (JobRepository.KeyTakenException e) {
            // An earlier request with the same key, or a concurrent one that committed first.
            return replay(
                    idempotencyKey, jobs.findIdempotencyKey(idempotencyKey).orElseThrow(), fingerprint);
        } catch (ApiException | InvalidFieldsException | DataIntegrityViolationException refused) {
            var earlier = jobs.findIdempotencyKey(idempotencyKey);
            if (earlier.isPresent()) {
                return replay(idempotencyKey, earlier.get(), fingerprint);
            }
            throw refused;
        }
    }

    /**
     * Creates every job of a batch or none (one statement: jobs, audit entries, keys), in the request's
     * order: what an importer or a storefront's burst sends, paying the request's fixed cost (HTTP,
     * security, JSON, validation: most of a single creation's CPU, job-api's README) once for many jobs.
     * The batch reads each customer's profile once, and the catalog once per package and category.
     *
     * <p>With an Idempotency-Key, job {@code i} is stored under {@code "<key> <i>"} (a space is never part
     * of a key, so these cannot collide with a single creation's), each with the whole batch's
     * fingerprint: a repeat of the batch returns the original jobs, a different batch with the key is 422.
     */
    BatchOutcome createBatch(List<CreateJobRequest> requests, String idempotencyKey) {
        if (idempotencyKey == null) {
            return new BatchOutcome(insertBatch(requests, null, null), true);
        }
        String fingerprint = batchFingerprint(requests);
        try {
            return new BatchOutcome(insertBatch(requests, idempotencyKey, fingerprint), true);
        } catch (JobRepository.KeyTakenException e) {
            return replayBatch(idempotencyKey, requests.size(), fingerprint)
                    .orElseThrow(() -> new IllegalStateException(
                            "Idempotency-Key " + idempotencyKey + " was taken by a batch that is not stored"));
        } catch (ApiException | InvalidFieldsException | DataIntegrityViolationException refused) {
            return replayBatch(idempotencyKey, requests.size(), fingerprint).orElseThrow(() -> refused);
        }
    }

    /** Created or replayed jobs of a batch, in the request's order; {@code created} as in {@link CreateOutcome}. */
    record BatchOutcome(List<JobResponse> jobs, boolean created) {}

    private List<JobResponse> insertBatch(List<CreateJobRequest> requests, String key, String fingerprint) {
        Map<UUID, BusinessProfile> profiles = customers.findProfiles(
                requests.stream().map(CreateJobRequest::customerId).collect(Collectors.toSet()));
        refuseDuplicateReferences(requests);
        Map<String, List<String>> catalogPlans = new HashMap<>();
        List<JobRepository.Creation> creations = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            CreateJobRequest request = requests.get(i);
            JobRepository.KeyClaim claim = key == null ? null : new JobRepository.KeyClaim(key + " " + i, fingerprint);
            creations.add(inBatch(i, () -> {
                BusinessProfile profile = profiles.get(request.customerId());
                if (profile == null) {
                    throw ApiException.unprocessable("no customer with id " + request.customerId());
                }
                String metadata = JobMetadata.validated(request.metadata());
                return creation(request, profile, planner.plan(request, profile, catalogPlans), metadata, claim);
            }));
        }
        return jobs.insert(creations).stream().map(JobRow::toResponse).toList();
    }

    /** A customer's reference twice in the batch (422), or already on one of its jobs (409), named by position. */
    private void refuseDuplicateReferences(List<CreateJobRequest> requests) {
        Map<JobRepository.CustomerRef, Integer> positions = new HashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            CreateJobRequest request = requests.get(i);
            if (request.externalRef() == null) {
                continue;
            }
            Integer earlier = positions.putIfAbsent(
                    new JobRepository.CustomerRef(request.customerId(), request.externalRef()), i);
            if (earlier != null) {
                throw ApiException.unprocessable(
                        "jobs[" + earlier + "] and jobs[" + i + "] have the same customerId and externalRef");
            }
        }
        if (positions.isEmpty()) {
            return;
        }
        // The unique index still decides a race with another creation of the same reference (409).
        jobs.findByExternalRefs(List.copyOf(positions.keySet())).entrySet().stream()
                .min(Map.Entry.comparingByKey(Comparator.comparing(positions::get)))
                .ifPresent(taken -> {
                    throw ApiException.conflict("jobs[" + positions.get(taken.getKey()) + "]: customer "
                            + taken.getKey().customerId() + " already has job " + taken.getValue()
                            + " with this externalRef");
                });
    }

    /** {@code step} for the batch's {@code i}-th job, its refusal naming that job ({@code jobs[i]}). */
    private static <T> T inBatch(int i, Supplier<T> step) {
        String prefix = "jobs[" + i + "]";
        try {
            return step.get();
        } catch (ApiException e) {
            throw new ApiException(e.status(), prefix + ": " + e.getMessage());
        } catch (InvalidFieldsException e) {
            Map<String, String> problems = new LinkedHashMap<>();
            e.problems().forEach((field, problem) -> problems.put(prefix + "." + field, problem));
            throw new InvalidFieldsException(problems);
        }
    }

    private Optional<BatchOutcome> replayBatch(String key, int size, String fingerprint) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            keys.add(key + " " + i);
        }
        Map<String, JobRepository.StoredKey> stored = jobs.findIdempotencyKeys(keys);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        if (stored.size() != size
                || stored.values().stream()
                        .anyMatch(earlier -> !earlier.requestHash().equals(fingerprint))) {
            throw ApiException.unprocessable("Idempotency-Key " + key
                    + " was already used with a different batch (job "
                    + stored.values().iterator().next().jobId()
                    + " is one of its jobs)");
        }
        List<UUID> ids = keys.stream().map(k -> stored.get(k).jobId()).toList();
        Map<UUID, JobRow> rows = jobs.findAll(ids);
        return Optional.of(new BatchOutcome(
                ids.stream()
                        .map(id -> Optional.ofNullable(rows.get(id))
                                .orElseThrow(() -> ApiException.notFound("job " + id + " no longer exists")))
                        .map(JobRow::toResponse)
                        .toList(),
                false));
    }

    /** What makes two batches the same: their jobs' meanings, in order. */
    private static String batchFingerprint(List<CreateJobRequest> requests) {
        return CreateJobRequest.sha256(
                requests.stream().map(CreateJobRequest::fingerprint).collect(Collectors.joining("\n")));
    }

    private JobRow insert(CreateJobRequest request, JobRepository.KeyClaim claim) {
        BusinessProfile profile = customers
                .findProfile(request.customerId())
                .orElseThrow(() -> ApiException.unprocessable("no customer with id " + request.customerId()));
        String metadata = JobMetadata.validated(request.metadata());
        if (request.externalRef() != null) {
            // The unique index still decides a race between two creations with the same reference (409).
            jobs.findByExternalRef(request.customerId(), request.externalRef()).ifPresent(earlier -> {
                throw ApiException.conflict(
                        "customer " + request.customerId() + " already has job " + earlier + " with this externalRef");
            });
        }
        List<String> planned = planner.plan(request, profile);
        return jobs.insert(List.of(creation(request, profile, planned, metadata, claim)))
                .get(0);
    }

    /** The job's row, its audit entry and its key, as {@link JobRepository#insert} writes them. */
    private JobRepository.Creation creation(
            CreateJobRequest request,
            BusinessProfile profile,
            List<String> planned,
            String metadata,
            JobRepository.KeyClaim claim) {
        UUID id = UUID.randomUUID();
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("packageType", request.packageType().value());
        created.put("priority", request.priorityOrDefault());
        created.put("directories", planned.size());
        if (request.externalRef() != null) {
            created.put("externalRef", request.externalRef());
        }
        // The request's trace, kept with the job so that its dispatch, submissions and progress join it (null
        // while tracing is off).
        return new JobRepository.Creation(
                new JobRepository.NewJob(
                        id,
                        request.customerId(),
                        request.packageType(),
                        request.priorityOrDefault(),
                        planned,
                        profile,
                        request.externalRef(),
                        metadata,
                        tracing.currentTraceParent()),
                audit.entry("job.created", "job", id, created),
                claim);
    }

    private CreateOutcome replay(String key, JobRepository.StoredKey stored, String fingerprint) {
        if (!stored.requestHash().equals(fingerprint)) {
            throw ApiException.unprocessable("Idempotency-Key " + key
                    + " was already used with a different request body (job " + stored.jobId() + ")");
        }
        return new CreateOutcome(get(stored.jobId()), false);
    }

    JobResponse get(UUID id) {
        return row(id).toResponse();
    }

    PageResponse<JobResponse> list(JobStatus status, UUID customerId, String externalRef, int page, int size) {
        JobRepository.Filter filter = new JobRepository.Filter(status, customerId, externalRef);
        List<JobResponse> items =
                jobs.list(filter, page, size).stream().map(JobRow::toResponse).toList();
        return PageResponse.of(items, page, size, jobs.count(filter));
    }

    JobResultsResponse results(UUID id) {
        JobRow job = row(id);
        return new JobResultsResponse(id, job.attempt(), jobs.results(id));
    }

    /**
     * A job that has ended → pending, attempt + 1, re-dispatching exactly its directories whose result is
     * one of {@code include} (failed, skipped); results keep their history. A cancelled job is resumed
     * too: its directories the cancellation cut short (no result, or skipped as {@code job_cancelled})
     * go with them, or it could never end.
     */
    JobResponse retry(UUID id, Set<ResultStatus> include) {
        return retry(id, "job.retried", (job, outcomes) -> {
            List<JobResultsResponse.Row> chosen = outcomes.stream()
                    .filter(row -> include.contains(row.status())
                            || (job.status() == JobStatus.CANCELLED && cutShortByCancellation(row)))
                    .toList();
            if (chosen.isEmpty()) {
                throw ApiException.conflict("job " + id + " has no directory to retry: none is "
                        + include.stream().map(ResultStatus::value).sorted().collect(Collectors.joining(" or "))
                        + (include.contains(ResultStatus.SKIPPED) ? "" : " (skipped ones need include=skipped)"));
            }
            return chosen;
        });
    }

    /** One failed or skipped directory of a job that has ended (not cancelled: that one resumes whole). */
    JobResponse retryDirectory(UUID id, String directoryId) {
        return retry(id, "job.directory_retried", (job, outcomes) -> {
            if (job.status() == JobStatus.CANCELLED) {
                throw ApiException.conflict("job " + id + " was cancelled: it is resumed whole, with POST /api/jobs/"
                        + id + "/retry, so that its unfinished directories are done too");
            }
            JobResultsResponse.Row row = outcomes.stream()
                    .filter(outcome -> outcome.directoryId().equals(directoryId))
                    .findFirst()
                    .orElseThrow(() -> ApiException.notFound("job " + id + " has no directory " + directoryId));
            if (row.status() != ResultStatus.FAILED && row.status() != ResultStatus.SKIPPED) {
                throw ApiException.conflict("directory " + directoryId + " of job " + id + " is "
                        + row.status().value() + ": only a failed or skipped directory can be retried");
            }
            return List.of(row);
        });
    }

    private JobResponse retry(
            UUID id,
            String action,
            BiFunction<JobRow, List<JobResultsResponse.Row>, List<JobResultsResponse.Row>> choose) {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            JobRow job = row(id);
            if (!job.status().isTerminal()) {
                throw ApiException.conflict("job " + id + " is " + job.status().value()
                        + ": only a job that has ended (complete, failed or cancelled) can be retried");
            }
            List<JobResultsResponse.Row> chosen = choose.apply(job, jobs.results(id));
            int failed = (int) chosen.stream()
                    .filter(row -> row.status() == ResultStatus.FAILED)
                    .count();
            int skipped = (int) chosen.stream()
                    .filter(row -> row.status() == ResultStatus.SKIPPED)
                    .count();
            List<String> dispatch =
                    chosen.stream().map(JobResultsResponse.Row::directoryId).toList();
            boolean retried = Boolean.TRUE.equals(tx.execute(status -> {
                if (!jobs.retry(job, dispatch, failed, skipped)) {
                    return false;
                }
                audit.record(
                        action,
                        "job",
                        id,
                        Map.of(
                                "fromStatus",
                                job.status().value(),
                                "attempt",
                                job.attempt() + 1,
                                "directories",
                                dispatch));
                return true;
            }));
            if (retried) {
                return get(id);
            }
        }
        throw concurrentlyChanged(id);
    }

    /** Left unfinished by a cancellation: never ended, or skipped by a worker because the job was cancelled. */
    private static boolean cutShortByCancellation(JobResultsResponse.Row row) {
        return !row.status().isTerminal()
                || (row.status() == ResultStatus.SKIPPED && JOB_CANCELLED.equals(row.errorCode()));
    }

    /** pending or in_progress → cancelled; 409 from any other status. */
    JobResponse cancel(UUID id) {
        Optional<JobStatus> cancelledFrom = tx.execute(status -> {
            Optional<JobStatus> from = jobs.cancel(id);
            from.ifPresent(
                    previous -> audit.record("job.cancelled", "job", id, Map.of("fromStatus", previous.value())));
            return from;
        });
        if (cancelledFrom == null || cancelledFrom.isEmpty()) {
            // Not cancellable when it ran: say why (404, or 409 with the status it had).
            JobRow job = row(id);
            move(job, JobStatus.CANCELLED, "only a pending or in_progress job can be cancelled");
            // Cancellable now: a retry made it pending again since the update ran.
            throw concurrentlyChanged(id);
        }
        return get(id);
    }

    private static void move(JobRow job, JobStatus next, String rule) {
        try {
            job.status().moveTo(next);
        } catch (JobStatus.IllegalStatusTransitionException e) {
            throw ApiException.conflict(
                    "job " + job.id() + " is " + job.status().value() + ": " + rule);
        }
    }

    private JobRow row(UUID id) {
        return jobs.find(id).orElseThrow(() -> ApiException.notFound("no job with id " + id));
    }

    private static ApiException concurrentlyChanged(UUID id) {
        return ApiException.conflict("job " + id + " kept changing while this request ran; try again");
    }
}
