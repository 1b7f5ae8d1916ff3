package com.autobolt.api.lease;

import com.autobolt.api.error.ApiException;
import com.autobolt.schemas.ResultStatus;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ManualResultController {

    /** A result recorded by hand: only terminal words; a failure or skip says why. */
    record ManualResult(
            @NotNull @Pattern(regexp = "submitted|failed|skipped", message = "must be submitted, failed or skipped")
            String status,

            @Size(max = 2048) String listingUrl,

            @Size(max = 100) @Pattern(regexp = "[a-z0-9_]+", message = "must be lower-case letters, digits and _")
            String errorCode,

            @Size(max = 2000) String reason) {}

    private final ManualResults results;

    ManualResultController(ManualResults results) {
        this.results = results;
    }

    @Operation(
            summary = "Record a directory's result by hand (staff, admin)",
            description = "Goes through the same result event as a worker's report, with the staff key's name as its"
                    + " workerId, and an audit trail entry. 409 when the job is not pending or in progress, the"
                    + " directory is not in its current attempt, or is already submitted.")
    @PostMapping("/api/jobs/{id}/results/{directoryId}")
    ResponseEntity<Map<String, String>> record(
            Authentication caller,
            @PathVariable("id") UUID jobId,
            @PathVariable String directoryId,
            @Valid @RequestBody ManualResult body) {
        ResultStatus status = ResultStatus.fromValue(body.status());
        if (status != ResultStatus.SUBMITTED
                && (body.reason() == null || body.reason().isBlank())) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "a " + status.value() + " result needs a reason");
        }
        LeaseService.Report report = new LeaseService.Report(
                directoryId,
                status,
                body.listingUrl(),
                body.errorCode() == null ? "recorded_by_hand" : body.errorCode(),
                body.reason());
        return ResponseEntity.accepted()
                .body(Map.of(
                        "taskId",
                        results.record(caller.getName(), jobId, report).toString()));
    }
}
