package com.autobolt.api.lease;

import com.autobolt.api.error.ApiException;
import com.autobolt.schemas.DirectoryTaskDispatched;
import com.autobolt.schemas.EventJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP worker paths, in two shapes chosen by content negotiation: AutoBolt's own ({@value #VENDOR}, as
 * {@code Accept} on {@code next} and {@code Content-Type} on {@code update} and {@code complete}) and, for any
 * other media type, the replaced system's ({@code {success, data, message}}, {@code jobId},
 * {@code directoryResults}, {@code finalStatus}), so its worker clients work unchanged. One handler per path
 * decides, so that {@code *}{@code /*} or no header at all always means the replaced system's shape.
 * Bodies are read here rather than bound, so that each shape answers malformed input in its own words.
 */
@RestController
class WorkerLeaseController {

    static final String VENDOR = "application/vnd.autobolt.worker.v1+json";
    static final MediaType VENDOR_TYPE = MediaType.parseMediaType(VENDOR);
    static final String WORKER_ID_HEADER = "X-Worker-ID";
    static final int MAX_WORKER_LABEL = 200;

    private final LeaseService leases;
    private final LegacyJobs legacyJobs;

    WorkerLeaseController(LeaseService leases, LegacyJobs legacyJobs) {
        this.leases = leases;
        this.legacyJobs = legacyJobs;
    }

    @Operation(
            summary = "Lease the next job's waiting external tasks (worker)",
            description = "With Accept: " + VENDOR + ", AutoBolt's shape: 200 with the lease, 204 when nothing waits,"
                    + " 429 when the worker holds its maximum of open leases. Otherwise the replaced system's shape:"
                    + " {success, data, message}, data null when nothing waits.",
            requestBody =
                    @RequestBody(
                            required = false,
                            content = @Content(examples = @ExampleObject(value = "{\"maxTasks\":10}"))),
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        content = {
                            @Content(mediaType = VENDOR, examples = @ExampleObject(value = """
                                            {"leaseId":"5f0c2d8e-8a4b-4c1e-9d7f-0a1b2c3d4e5f","expiresAt":"2026-11-30T21:00:00Z",
                                             "jobId":"9b2f3c1e-5d2a-4c8e-9f1a-2b3c4d5e6f70","attempt":1,"priority":3,
                                             "business":{"businessName":"Acme Plumbing","email":"owner@acme.example"},
                                             "tasks":[{"taskId":"9b2f3c1e-5d2a-4c8e-9f1a-2b3c4d5e6f70:demo-007:1","directoryId":"demo-007",
                                                       "name":"Demo 7","category":"general","submissionUrl":"https://demo.example/submit",
                                                       "fieldMapping":{"businessName":"company"},"requiresLogin":true,"requiresCaptcha":false}]}
                                            """)),
                            @Content(
                                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                                    examples = @ExampleObject(value = """
                                            {"success":true,"data":{"jobId":"9b2f3c1e-5d2a-4c8e-9f1a-2b3c4d5e6f70",
                                             "customerId":"1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f","customerName":"Acme Plumbing",
                                             "customerEmail":"owner@acme.example","packageType":"starter","directoryLimit":50,
                                             "priorityLevel":3,"status":"in_progress","createdAt":"2026-11-30T20:00:00Z",
                                             "startedAt":"2026-11-30T20:01:00Z","businessData":{"business_name":"Acme Plumbing"},
                                             "metadata":{},"leaseId":"5f0c2d8e-8a4b-4c1e-9d7f-0a1b2c3d4e5f",
                                             "expiresAt":"2026-11-30T21:00:00Z","directories":[{"directoryId":"demo-007",
                                             "directoryName":"Demo 7","submissionUrl":"https://demo.example/submit"}]},
                                             "message":"Job 9b2f3c1e-5d2a-4c8e-9f1a-2b3c4d5e6f70 leased with 1 directories"}
                                            """))
                        }),
                @ApiResponse(responseCode = "204", description = "nothing waits (AutoBolt shape)"),
                @ApiResponse(responseCode = "429", description = "too many open leases")
            })
    @RequestMapping(
            path = "/api/autobolt/jobs/next",
            method = {RequestMethod.GET, RequestMethod.POST})
    ResponseEntity<Object> next(
            Authentication caller,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
            @RequestHeader(value = WORKER_ID_HEADER, required = false) String workerLabel,
            @RequestParam(value = "maxTasks", required = false) String maxTasksParameter,
            @org.springframework.web.bind.annotation.RequestBody(required = false) byte[] body) {
        boolean vendor = wantsVendor(accept);
        try {
            int maxTasks = maxTasks(maxTasksParameter, body);
            Optional<LeaseService.Lease> lease = leases.lease(caller.getName(), label(workerLabel), maxTasks);
            if (vendor) {
                return lease.<ResponseEntity<Object>>map(granted -> vendorOk(vendorLease(granted)))
                        .orElseGet(() -> ResponseEntity.noContent().build());
            }
            if (lease.isEmpty()) {
                return legacyOk(null, "No jobs currently in queue");
            }
            LeaseService.Lease granted = lease.get();
            return legacyOk(
                    legacyJobs.data(granted),
                    "Job " + granted.jobId() + " leased with " + granted.tasks().size() + " directories");
        } catch (ApiException e) {
            if (vendor) {
                throw e;
            }
            return legacyError(e);
        }
    }

    @Operation(
            summary = "Report results of leased tasks and extend the lease (worker)",
            description = "Content-Type " + VENDOR + ": {leaseId, results:[{directoryId, status (submitted, failed,"
                    + " skipped), listingUrl, errorCode, reason}]}; empty results are a heartbeat. Otherwise the replaced"
                    + " system's {jobId, directoryResults:[{directoryName, status, listingUrl, rejectionReason}]},"
                    + " matched by directory name within the caller's open leases of that job; see job-api/README.md"
                    + " for its status words.",
            requestBody =
                    @RequestBody(
                            content = {
                                @Content(mediaType = VENDOR, examples = @ExampleObject(value = """
                                        {"leaseId":"5f0c2d8e-8a4b-4c1e-9d7f-0a1b2c3d4e5f","results":[
                                         {"directoryId":"demo-007","status":"submitted","listingUrl":"https://demo.example/l/1"},
                                         {"directoryId":"demo-008","status":"failed","errorCode":"rejected","reason":"site said no"}]}
                                        """)),
                                @Content(
                                        mediaType = MediaType.APPLICATION_JSON_VALUE,
                                        examples = @ExampleObject(value = """
                                        {"jobId":"9b2f3c1e-5d2a-4c8e-9f1a-2b3c4d5e6f70","directoryResults":[
                                         {"directoryName":"Demo 7","status":"approved","listingUrl":"https://demo.example/l/1"},
                                         {"directoryName":"Demo 8","status":"rejected","rejectionReason":"duplicate"}]}
                                        """))
                            }))
    @RequestMapping(path = "/api/autobolt/jobs/update", method = RequestMethod.POST)
    ResponseEntity<Object> update(
            Authentication caller,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @org.springframework.web.bind.annotation.RequestBody(required = false) byte[] body) {
        if (isVendor(contentType)) {
            JsonNode request = parse(body);
            UUID leaseId = leaseIdOf(request);
            List<LeaseService.Report> reports = WorkerReports.vendorResults(request.get("results"));
            LeaseService.Updated updated =
                    leases.update(caller.getName(), Map.of(leaseId, reports)).get(0);
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("leaseId", updated.leaseId());
            response.put("expiresAt", updated.expiresAt());
            response.put("accepted", updated.accepted());
            response.put("remaining", updated.remaining());
            return vendorOk(response);
        }
        try {
            JsonNode request = parse(body);
            UUID jobId = WorkerReports.jobIdOf(request);
            List<UUID> open = leases.openLeasesOf(caller.getName(), jobId);
            if (open.isEmpty()) {
                throw ApiException.conflict("you hold no open lease of job " + jobId);
            }
            Map<UUID, List<LeaseService.Report>> byLease =
                    WorkerReports.legacyResults(request.get("directoryResults"), open, leases::remainingNames);
            List<LeaseService.Updated> updated = leases.update(caller.getName(), byLease);
            List<String> accepted = new ArrayList<>();
            updated.forEach(outcome -> accepted.addAll(outcome.accepted()));
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("id", jobId);
            data.put("status", "in_progress");
            data.put("accepted", accepted);
            data.put(
                    "leases",
                    updated.stream().map(LeaseService.Updated::leaseId).toList());
            return legacyOk(data, "Job " + jobId + " updated successfully.");
        } catch (ApiException e) {
            return legacyError(e);
        }
    }

    @Operation(
            summary = "End a lease (worker): its unfinished tasks are requeued or failed",
            description = "Content-Type " + VENDOR + ": {leaseId, unfinished: requeue | fail, reason}. Otherwise the"
                    + " replaced system's {jobId, finalStatus, errorMessage}: every open lease of the caller on that"
                    + " job ends; finalStatus failed fails the unfinished tasks, any other valid word requeues them.",
            requestBody =
                    @RequestBody(
                            content = {
                                @Content(
                                        mediaType = VENDOR,
                                        examples =
                                                @ExampleObject(
                                                        value =
                                                                "{\"leaseId\":\"5f0c2d8e-8a4b-4c1e-9d7f-0a1b2c3d4e5f\",\"unfinished\":\"requeue\"}")),
                                @Content(
                                        mediaType = MediaType.APPLICATION_JSON_VALUE,
                                        examples =
                                                @ExampleObject(
                                                        value =
                                                                "{\"jobId\":\"9b2f3c1e-5d2a-4c8e-9f1a-2b3c4d5e6f70\",\"finalStatus\":\"complete\"}"))
                            }))
    @RequestMapping(path = "/api/autobolt/jobs/complete", method = RequestMethod.POST)
    ResponseEntity<Object> complete(
            Authentication caller,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @org.springframework.web.bind.annotation.RequestBody(required = false) byte[] body) {
        if (isVendor(contentType)) {
            JsonNode request = parse(body);
            UUID leaseId = leaseIdOf(request);
            String unfinished = WorkerReports.text(request, "unfinished", 20);
            boolean fail;
            if (unfinished == null || unfinished.equals("requeue")) {
                fail = false;
            } else if (unfinished.equals("fail")) {
                fail = true;
            } else {
                throw new ApiException(
                        HttpStatus.BAD_REQUEST, "unfinished must be requeue or fail, was '" + unfinished + "'");
            }
            String reason = WorkerReports.text(request, "reason", WorkerReports.MAX_REASON);
            LeaseService.Completed completed = leases.complete(
                    caller.getName(), leaseId, fail, reason == null ? "the worker gave up on it" : reason);
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("leaseId", completed.leaseId());
            response.put("requeued", completed.requeued());
            response.put("failed", completed.failed());
            return vendorOk(response);
        }
        try {
            JsonNode request = parse(body);
            UUID jobId = WorkerReports.jobIdOf(request);
            String finalStatus = WorkerReports.finalStatus(request);
            String errorMessage =
                    WorkerReports.cut(request.path("errorMessage").asString(null), WorkerReports.MAX_REASON);
            List<UUID> open = leases.openLeasesOf(caller.getName(), jobId);
            if (open.isEmpty()) {
                throw ApiException.conflict("you hold no open lease of job " + jobId);
            }
            boolean fail = finalStatus.equals("failed");
            List<String> requeued = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            for (UUID leaseId : open) {
                LeaseService.Completed completed = leases.complete(
                        caller.getName(),
                        leaseId,
                        fail,
                        errorMessage == null ? "the worker reported the job failed" : errorMessage);
                requeued.addAll(completed.requeued());
                failed.addAll(completed.failed());
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("jobId", jobId);
            data.put("finalStatus", finalStatus);
            data.put("requeued", requeued);
            data.put("failed", failed);
            return legacyOk(data, "Job " + jobId + " marked as " + finalStatus + ".");
        } catch (ApiException e) {
            return legacyError(e);
        }
    }

    private int maxTasks(String parameter, byte[] body) {
        String value = parameter;
        if (value == null && body != null && body.length > 0) {
            JsonNode request = parse(body);
            JsonNode field = request.get("maxTasks");
            if (field != null && !field.isNull()) {
                if (!field.isIntegralNumber()) {
                    throw new ApiException(
                            HttpStatus.BAD_REQUEST, "maxTasks must be a whole number from 1 to " + leases.maxTasks());
                }
                value = field.asString();
            }
        }
        if (value == null) {
            return Math.min(10, leases.maxTasks());
        }
        try {
            int maxTasks = Integer.parseInt(value.strip());
            if (maxTasks >= 1 && maxTasks <= leases.maxTasks()) {
                return maxTasks;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(
                HttpStatus.BAD_REQUEST, "maxTasks must be a whole number from 1 to " + leases.maxTasks());
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "a JSON object body is required");
        }
        try {
            JsonNode node = EventJson.mapper().readTree(body);
            if (node == null || !node.isObject()) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "the body must be a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static UUID leaseIdOf(JsonNode request) {
        String text = WorkerReports.text(request, "leaseId", 36);
        if (text == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "leaseId is required");
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "leaseId must be a UUID, was '" + text + "'");
        }
    }

    private static String label(String workerLabel) {
        return WorkerReports.cut(workerLabel, MAX_WORKER_LABEL);
    }

    static boolean wantsVendor(String accept) {
        if (accept == null) {
            return false;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream().anyMatch(VENDOR_TYPE::equalsTypeAndSubtype);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static boolean isVendor(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            return VENDOR_TYPE.equalsTypeAndSubtype(MediaType.parseMediaType(contentType));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Map<String, Object> vendorLease(LeaseService.Lease lease) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("leaseId", lease.leaseId());
        response.put("expiresAt", lease.expiresAt());
        response.put("jobId", lease.jobId());
        response.put("attempt", lease.attempt());
        response.put("priority", lease.priority());
        response.put("business", lease.tasks().get(0).profile());
        response.put(
                "tasks",
                lease.tasks().stream()
                        .map(task -> task(task, lease.categories().get(task.directoryId())))
                        .toList());
        return response;
    }

    static Map<String, Object> task(DirectoryTaskDispatched task, String category) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("taskId", task.taskId());
        view.put("directoryId", task.directoryId());
        view.put("name", task.directory().name());
        view.put("category", category);
        view.put("submissionUrl", task.directory().submissionUrl());
        view.put("fieldMapping", task.directory().fieldMapping());
        view.put("requiresLogin", task.directory().requiresLogin());
        view.put("requiresCaptcha", task.directory().requiresCaptcha());
        return view;
    }

    private static ResponseEntity<Object> vendorOk(Object body) {
        return ResponseEntity.ok().contentType(VENDOR_TYPE).body(body);
    }

    private static ResponseEntity<Object> legacyOk(Object data, String message) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("success", true);
        envelope.put("data", data);
        envelope.put("message", message);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(envelope);
    }

    private static ResponseEntity<Object> legacyError(ApiException e) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("success", false);
        envelope.put("error", e.getMessage());
        return ResponseEntity.status(e.status())
                .contentType(MediaType.APPLICATION_JSON)
                .body(envelope);
    }
}
