package com.autobolt.api.job;

import com.autobolt.api.web.PageResponse;
import com.autobolt.schemas.JobStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
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
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return jobs.list(status, customerId, page, size);
    }

    @GetMapping("/{id}/results")
    @Operation(summary = "One row per planned directory (viewer, staff, admin)")
    JobResultsResponse results(@PathVariable UUID id) {
        return jobs.results(id);
    }

    @PostMapping("/{id}/retry")
    @Operation(summary = "Retry a failed job's failed directories (staff, admin); otherwise 409")
    ResponseEntity<JobResponse> retry(@PathVariable UUID id) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(jobs.retry(id));
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a pending or in_progress job (staff, admin); otherwise 409")
    ResponseEntity<JobResponse> cancel(@PathVariable UUID id) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(jobs.cancel(id));
    }
}
