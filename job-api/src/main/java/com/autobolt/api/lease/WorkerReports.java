package com.autobolt.api.lease;

import com.autobolt.api.error.ApiException;
import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.EventText;
import com.autobolt.schemas.ResultStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/**
 * Reads the results a worker reports, in either shape, into {@link LeaseService.Report}s. AutoBolt's shape
 * is strict: a field over its limit is refused (400). The replaced system's clients sent free text of any
 * length, so its fields are cut to the event contract's limits instead, and its status words are mapped
 * (job-api/README.md, External workers).
 */
final class WorkerReports {

    static final int MAX_REASON = DirectoryResultReported.MAX_ERROR_MESSAGE_LENGTH;
    static final int MAX_ERROR_CODE = DirectoryResultReported.MAX_ERROR_CODE_LENGTH;
    static final int MAX_LISTING_URL = 2048;
    /** More results than any lease holds tasks (at most 50) is not a report. */
    static final int MAX_RESULTS = 200;

    static final String WORKER_REPORTED = "worker_reported";
    private static final Pattern DIRECTORY_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,79}");

    private static final Set<String> SUBMITTED = Set.of(
            "submitted", "approved", "success", "successful", "complete", "completed", "live", "listed", "published");
    private static final Set<String> FAILED = Set.of("failed", "failure", "rejected", "error", "declined");
    private static final Set<String> SKIPPED = Set.of("skipped", "skip", "not_applicable");
    /** Words of the replaced system that say a directory is still being worked on: no result yet. */
    private static final Set<String> NOT_YET = Set.of("pending", "processing", "in_progress", "submitting", "queued");

    private WorkerReports() {}

    /** AutoBolt's {@code results}: absent or empty is a heartbeat. */
    static List<LeaseService.Report> vendorResults(JsonNode results) {
        if (results == null || results.isNull()) {
            return List.of();
        }
        if (!results.isArray() || results.size() > MAX_RESULTS) {
            throw badRequest("results must be an array of at most " + MAX_RESULTS + " results");
        }
        List<LeaseService.Report> reports = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            JsonNode result = results.get(i);
            String where = "results[" + i + "].";
            if (!result.isObject()) {
                throw badRequest(where + " must be an object");
            }
            String directoryId = text(result, "directoryId", 80, where);
            if (directoryId == null || !DIRECTORY_ID.matcher(directoryId).matches()) {
                throw badRequest(where + "directoryId must be a directory id");
            }
            String word = text(result, "status", 20, where);
            ResultStatus status = switch (word == null ? "" : word) {
                case "submitted" -> ResultStatus.SUBMITTED;
                case "failed" -> ResultStatus.FAILED;
                case "skipped" -> ResultStatus.SKIPPED;
                default -> throw badRequest(where + "status must be submitted, failed or skipped, was '" + word + "'");
            };
            String listingUrl = text(result, "listingUrl", MAX_LISTING_URL, where);
            String errorCode = text(result, "errorCode", MAX_ERROR_CODE, where);
            String reason = text(result, "reason", MAX_REASON, where);
            reports.add(new LeaseService.Report(
                    directoryId, status, listingUrl, errorCode == null ? WORKER_REPORTED : errorCode, reason));
        }
        return reports;
    }

    /**
     * The replaced system's {@code directoryResults}, matched by {@code directoryName} (a directory's name,
     * case aside, or its id) against the remaining tasks of the caller's open leases of the job. Items without
     * a name or status are dropped, as that system did; still-working words are no result yet.
     *
     * @throws ApiException 409 when a name matches no remaining task, 400 for an unknown status word
     */
    static Map<UUID, List<LeaseService.Report>> legacyResults(
            JsonNode results, List<UUID> openLeases, Function<UUID, Map<String, String>> remainingNames) {
        Map<UUID, List<LeaseService.Report>> byLease = new LinkedHashMap<>();
        openLeases.forEach(lease -> byLease.put(lease, new ArrayList<>()));
        if (results == null || results.isNull()) {
            return byLease;
        }
        if (!results.isArray() || results.size() > MAX_RESULTS) {
            throw badRequest("directoryResults must be an array of at most " + MAX_RESULTS + " items");
        }
        Map<UUID, Map<String, String>> remaining = new LinkedHashMap<>();
        openLeases.forEach(lease -> remaining.put(lease, remainingNames.apply(lease)));
        for (int i = 0; i < results.size(); i++) {
            JsonNode item = results.get(i);
            String name = item.path("directoryName").asString(null);
            String word = item.path("status").asString(null);
            if (name == null || name.isBlank() || word == null || word.isBlank()) {
                continue;
            }
            String normalised =
                    word.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
            ResultStatus status = legacyStatus(normalised, i);
            if (status == null) {
                continue;
            }
            UUID lease = null;
            String directoryId = null;
            for (Map.Entry<UUID, Map<String, String>> entry : remaining.entrySet()) {
                directoryId = match(entry.getValue(), name.strip());
                if (directoryId != null) {
                    lease = entry.getKey();
                    break;
                }
            }
            if (lease == null) {
                throw ApiException.conflict("directory '" + cut(name, 200)
                        + "' is not one of the remaining directories of your open leases of this job");
            }
            String reason = firstText(item, "rejectionReason", "errorMessage", "message");
            String listingUrl = item.path("listingUrl").asString(null);
            if (listingUrl != null && listingUrl.length() > MAX_LISTING_URL) {
                throw badRequest("directoryResults[" + i + "].listingUrl is longer than " + MAX_LISTING_URL);
            }
            byLease.get(lease)
                    .add(new LeaseService.Report(
                            directoryId,
                            status,
                            status == ResultStatus.SUBMITTED ? listingUrl : null,
                            normalised.length() <= MAX_ERROR_CODE ? normalised : WORKER_REPORTED,
                            cut(reason, MAX_REASON)));
        }
        return byLease;
    }

    /** The replaced system's word for a directory's result, as ours; null while it is still being worked on. */
    static ResultStatus legacyStatus(String word, int index) {
        if (SUBMITTED.contains(word)) {
            return ResultStatus.SUBMITTED;
        }
        if (FAILED.contains(word)) {
            return ResultStatus.FAILED;
        }
        if (SKIPPED.contains(word)) {
            return ResultStatus.SKIPPED;
        }
        if (NOT_YET.contains(word)) {
            return null;
        }
        throw badRequest("directoryResults[" + index + "].status '" + cut(word, 40) + "' is not a known result");
    }

    /** The replaced system's {@code finalStatus}, normalised to pending, in_progress, complete or failed. */
    static String finalStatus(JsonNode request) {
        String word = request.path("finalStatus").asString(null);
        if (word == null || word.isBlank()) {
            throw badRequest("finalStatus is required");
        }
        return switch (word.strip().toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "complete", "completed", "done", "success", "successful" -> "complete";
            case "failed", "failure", "error" -> "failed";
            case "pending", "queued" -> "pending";
            case "in_progress", "processing", "running" -> "in_progress";
            default -> throw badRequest("finalStatus is invalid");
        };
    }

    static UUID jobIdOf(JsonNode request) {
        String text = request.path("jobId").asString(null);
        if (text == null || text.isBlank()) {
            throw badRequest("jobId is required");
        }
        try {
            return UUID.fromString(text.strip());
        } catch (IllegalArgumentException e) {
            throw badRequest("jobId must be a job id (a UUID)");
        }
    }

    /** A text field: null when absent; 400 when not text or longer than {@code max}. */
    static String text(JsonNode node, String field, int max) {
        return text(node, field, max, "");
    }

    private static String text(JsonNode node, String field, int max, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw badRequest(where + field + " must be text");
        }
        String text = value.asString();
        if (text.length() > max) {
            throw badRequest(where + field + " is longer than " + max + " characters");
        }
        return text;
    }

    static String cut(String text, int max) {
        return text == null ? null : EventText.clean(text, max);
    }

    private static String firstText(JsonNode item, String... fields) {
        for (String field : fields) {
            String text = item.path(field).asString(null);
            if (text != null && !text.isBlank()) {
                return text;
            }
        }
        return null;
    }

    private static String match(Map<String, String> remaining, String name) {
        if (remaining.containsKey(name)) {
            return name;
        }
        for (Map.Entry<String, String> entry : remaining.entrySet()) {
            if (entry.getValue() != null && entry.getValue().equalsIgnoreCase(name)) {
                return entry.getKey();
            }
        }
        return null;
    }

    private static ApiException badRequest(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, detail);
    }
}
