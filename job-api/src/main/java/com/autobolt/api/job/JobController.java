package com.autobolt.api.job;

import com.autobolt.api.audit.AuditTrail;
import com.autobolt.api.error.InvalidFieldsException;
import com.autobolt.api.web.PageResponse;
import com.autobolt.schemas.JobStatus;
import com.autobolt.schemas.ResultStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/jobs")
@Tag(name = "jobs")
class JobController {

    /** As the catalog's ids ({@code directories.id}'s CHECK). */
    private static final String DIRECTORY_ID = "[a-z0-9][a-z0-9-]{0,79}";

    private final JobService jobs;

    JobController(JobService jobs) {
        this.jobs = jobs;
    }

    @PostMapping
    @Operation(
            summary = "Create a job (staff, admin)",
            description = "Plans the directories and snapshots the customer's profile. With an Idempotency-Key, a"
                    + " repeat of the same request returns the original job (200); a different body is 422.")
    ResponseEntity<JobResponse> create(
            @Valid @RequestBody CreateJobRequest request,
            @Parameter(description = "makes retries of this request safe: 1–200 printable ASCII characters")
                    @RequestHeader(name = "Idempotency-Key", required = false)
                    @Pattern(regexp = "[\\x21-\\x7E]{1,200}", message = "must be 1–200 printable ASCII characters")
                    String idempotencyKey) {
        JobService.CreateOutcome outcome = jobs.create(request, idempotencyKey);
        if (!outcome.created()) {
            return ResponseEntity.ok(outcome.job());
        }
        return ResponseEntity.created(URI.create("/api/jobs/" + outcome.job().id()))
                .body(outcome.job());
    }

    @PostMapping("/batch")
    @Operation(
            summary = "Create several jobs at once, all or none (staff, admin)",
            description = "Each job as POST /api/jobs takes it, at most " + CreateJobsRequest.MAX_JOBS + "; a refusal"
                    + " names the job (jobs[i]) and creates none. Answers the jobs in the request's order. With an"
                    + " Idempotency-Key, a repeat of the same batch returns the original jobs (200); a different"
                    + " batch is 422.")
    ResponseEntity<CreateJobsResponse> createBatch(
            @Valid @RequestBody CreateJobsRequest request,
            @Parameter(description = "makes retries of this request safe: 1–190 printable ASCII characters")
                    @RequestHeader(name = "Idempotency-Key", required = false)
                    @Pattern(regexp = "[\\x21-\\x7E]{1,190}", message = "must be 1–190 printable ASCII characters")
                    String idempotencyKey) {
        JobService.BatchOutcome outcome = jobs.createBatch(request.jobs(), idempotencyKey);
        return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(new CreateJobsResponse(outcome.jobs()));
    }

    @GetMapping("/{id}")
    @Operation(summary = "A job with its progress (viewer, staff, admin)")
    JobResponse get(@PathVariable UUID id) {
        return jobs.get(id);
    }

    @GetMapping
    @Operation(summary = "Jobs by priority, then age (viewer, staff, admin)")
    PageResponse<JobResponse> list(
            @Parameter(description = "pending, in_progress, complete, failed or cancelled")
                    @RequestParam(required = false)
                    JobStatus status,
            @RequestParam(required = false) UUID customerId,
            @Parameter(description = "the creator's reference given at creation (exact match)")
                    @RequestParam(required = false)
                    @Size(min = 1, max = 200)
                    String externalRef,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return jobs.list(status, customerId, externalRef, page, size);
    }

    @GetMapping("/{id}/history")
    @Operation(
            summary = "Who did what to the job through the API (created, retried, cancelled...), when, with"
                    + " the request's id, oldest first (viewer, staff, admin)")
    List<AuditTrail.Entry> history(@PathVariable UUID id) {
        return jobs.history(id);
    }

    @GetMapping("/{id}/results")
    @Operation(summary = "One row per planned directory (viewer, staff, admin)")
    JobResultsResponse results(@PathVariable UUID id) {
        return jobs.results(id);
    }

    @PostMapping("/{id}/retry")
    @Operation(
            summary = "Retry the failed directories of a job that has ended, and its skipped ones with"
                    + " include=skipped (staff, admin): back to pending, attempt + 1, only those directories"
                    + " re-dispatched; a cancelled job also resumes the directories its cancellation cut short."
                    + " 409 while the job runs or when there is nothing to retry")
    ResponseEntity<JobResponse> retry(
            @PathVariable UUID id,
            @Parameter(description = "which results to retry besides failed: skipped (failed,skipped is the same)")
                    @RequestParam(required = false)
                    @Size(max = 40)
                    String include) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(jobs.retry(id, retried(include)));
    }

    @PostMapping("/{id}/results/{directoryId}/retry")
    @Operation(
            summary = "Retry one failed or skipped directory of a job that has ended, not cancelled (staff,"
                    + " admin): back to pending, attempt + 1, only that directory re-dispatched")
    ResponseEntity<JobResponse> retryDirectory(
            @PathVariable UUID id, @PathVariable @Pattern(regexp = DIRECTORY_ID) String directoryId) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(jobs.retryDirectory(id, directoryId));
    }

    /** The results a retry takes: failed always, skipped when asked. */
    private static Set<ResultStatus> retried(String include) {
        Set<ResultStatus> statuses = EnumSet.of(ResultStatus.FAILED);
        if (include == null || include.isBlank()) {
            return statuses;
        }
        for (String value : include.split(",", -1)) {
            switch (value.strip()) {
                case "failed" -> statuses.add(ResultStatus.FAILED);
                case "skipped" -> statuses.add(ResultStatus.SKIPPED);
                default ->
                    throw new InvalidFieldsException(
                            Map.of("include", "must list failed or skipped, separated by commas"));
            }
        }
        return statuses;
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a pending or in_progress job (staff, admin); otherwise 409")
    ResponseEntity<JobResponse> cancel(@PathVariable UUID id) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(jobs.cancel(id));
    }
}
