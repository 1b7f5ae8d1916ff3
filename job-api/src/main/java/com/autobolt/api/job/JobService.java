package com.autobolt.api.job;

import com.autobolt.api.customer.CustomerService;
import com.autobolt.api.error.ApiException;
import com.autobolt.api.web.PageResponse;
import com.autobolt.kafka.observability.RecordTracing;
import com.autobolt.schemas.BusinessProfile;
import com.autobolt.schemas.JobStatus;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Creating jobs (idempotently), reading them, and the two moves job-api makes: retry and cancel. */
@Service
class JobService {

    /** How often a conditional update is re-decided after the row changed under it, before giving up (409). */
    private static final int MAX_ROUNDS = 5;

    /** A created or replayed job: {@code created} is false when an Idempotency-Key returned an earlier one. */
    record CreateOutcome(JobResponse job, boolean created) {}

    private final JobRepository jobs;
    private final JobPlanner planner;
    private final CustomerService customers;
    private final TransactionTemplate tx;
    private final RecordTracing tracing;

    JobService(
            JobRepository jobs,
            JobPlanner planner,
            CustomerService customers,
            TransactionTemplate tx,
            RecordTracing tracing) {
        this.jobs = jobs;
        this.tracing = tracing;
        this.planner = planner;
        this.customers = customers;
        this.tx = tx;
    }

    CreateOutcome create(CreateJobRequest request, String idempotencyKey) {
        if (idempotencyKey == null) {
            return new CreateOutcome(tx.execute(status -> get(insert(request))), true);
        }
        String fingerprint = request.fingerprint();
        var earlier = jobs.findIdempotencyKey(idempotencyKey);
        if (earlier.isPresent()) {
            return replay(idempotencyKey, earlier.get(), fingerprint);
        }
        JobResponse created = tx.execute(status -> {
            UUID id = insert(request);
            if (!jobs.claimIdempotencyKey(idempotencyKey, fingerprint, id)) {
                status.setRollbackOnly(); // a concurrent request with the same key won
                return null;
            }
            return get(id);
        });
        if (created != null) {
            return new CreateOutcome(created, true);
        }
        return replay(idempotencyKey, jobs.findIdempotencyKey(idempotencyKey).orElseThrow(), fingerprint);
    }

    private UUID insert(CreateJobRequest request) {
        BusinessProfile profile = customers
                .findProfile(request.customerId())
                .orElseThrow(() -> ApiException.unprocessable("no customer with id " + request.customerId()));
        List<String> planned = planner.plan(request, profile);
        UUID id = UUID.randomUUID();
        // The request's trace, kept with the job so that its dispatch, submissions and progress join it (null
        // while tracing is off).
        jobs.insert(
                id,
                request.customerId(),
                request.packageType(),
                request.priorityOrDefault(),
                planned,
                profile,
                tracing.currentTraceParent());
        return id;
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

    PageResponse<JobResponse> list(JobStatus status, UUID customerId, int page, int size) {
        List<JobResponse> items = jobs.list(status, customerId, page, size).stream()
                .map(JobRow::toResponse)
                .toList();
        return PageResponse.of(items, page, size, jobs.count(status, customerId));
    }

    JobResultsResponse results(UUID id) {
        JobRow job = row(id);
        return new JobResultsResponse(id, job.attempt(), jobs.results(id));
    }

    /** failed → pending, attempt + 1, re-dispatching only the failed directories; results keep their history. */
    JobResponse retry(UUID id) {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            JobRow job = row(id);
            move(job, JobStatus.PENDING, "only a failed job can be retried");
            List<String> failed = jobs.failedDirectories(id);
            if (failed.isEmpty()) {
                throw ApiException.conflict(
                        "job " + id + " failed without a failed directory; there is nothing" + " to re-dispatch");
            }
            if (jobs.retry(job, failed)) {
                return get(id);
            }
        }
        throw concurrentlyChanged(id);
    }

    /** pending or in_progress → cancelled. */
    JobResponse cancel(UUID id) {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            JobRow job = row(id);
            move(job, JobStatus.CANCELLED, "only a pending or in_progress job can be cancelled");
            if (jobs.cancel(job)) {
                return get(id);
            }
        }
        throw concurrentlyChanged(id);
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
