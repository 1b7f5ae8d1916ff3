package com.autobolt.httpworker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * job-api's lease endpoints in AutoBolt's own shape ({@value #MEDIA_TYPE}): {@code next},
 * {@code update} (results, or none as a heartbeat) and {@code complete}. Every answer is read within
 * {@link #MAX_ANSWER_BYTES} and {@link #TIMEOUT}; what it says is cleaned where it is used.
 */
final class LeaseClient {

    static final String MEDIA_TYPE = "application/vnd.autobolt.worker.v1+json";
    static final String NEXT = "/api/autobolt/jobs/next";
    static final String UPDATE = "/api/autobolt/jobs/update";
    static final String COMPLETE = "/api/autobolt/jobs/complete";
    /** A lease of 50 tasks with long profiles is far below this; more is not a lease. */
    static final int MAX_ANSWER_BYTES = 1024 * 1024;

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_DETAIL = 300;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI api;
    private final String key;
    private final HttpClient http;

    LeaseClient(URI api, String key, HttpClient http) {
        this.api = api;
        this.key = key;
        this.http = http;
    }

    /** What {@code next} answered. */
    sealed interface Next {
        record Leased(LeaseJson.Parsed parsed) implements Next {}

        /** 204: nothing waiting. */
        record NothingWaiting() implements Next {}

        /** 429: this worker holds its maximum of leases; {@code retryAfter} may be null. */
        record TooManyLeases(Duration retryAfter) implements Next {}

        /**
         * 404 or 405: this job-api does not serve the lease paths (yet). Also 403: a job-api from before
         * them refuses every path it does not know to any key, so a 403 on {@code next} may mean that as
         * well as a key whose role is not {@code worker}; the two cannot be told apart.
         */
        record NotServed(int status) implements Next {}
    }

    /** The lease is unknown, expired or not ours any more (409), or job-api refused the body (400). */
    static final class LeaseLostException extends Exception {
        LeaseLostException(String message) {
            super(message);
        }
    }

    /**
     * job-api refused the key (401), or its role where the lease paths are served (403 on {@code update}
     * or {@code complete}): nothing this worker can fix by trying again.
     */
    static final class RefusedException extends RuntimeException {
        RefusedException(String message) {
            super(message);
        }
    }

    /** What {@code update} answered: the lease's new expiry and the directories it took. */
    record Updated(Instant expiresAt, List<String> accepted) {}

    /** What {@code complete} answered. */
    record Completed(List<String> requeued, List<String> failed) {}

    Next next(int maxTasks) throws IOException, InterruptedException, LeaseJson.BadLeaseException {
        HttpRequest request = request(NEXT + "?maxTasks=" + maxTasks)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        Answer answer = send(request);
        return switch (answer.status()) {
            case 200 -> new Next.Leased(LeaseJson.parse(answer.json(), maxTasks));
            case 204 -> new Next.NothingWaiting();
            case 429 -> new Next.TooManyLeases(answer.retryAfter());
            case 403, 404, 405 -> new Next.NotServed(answer.status());
            default -> throw unexpected("next", answer);
        };
    }

    /** Reports results ({@code results} empty: a heartbeat); extends the lease. */
    Updated update(UUID leaseId, List<TaskResult> results)
            throws IOException, InterruptedException, LeaseLostException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("leaseId", leaseId.toString());
        body.put("results", results.stream().map(TaskResult::toJson).toList());
        Answer answer = send(post(UPDATE, body));
        if (answer.status() == 200) {
            JsonNode json = answer.json();
            return new Updated(instant(json, "expiresAt"), strings(json, "accepted"));
        }
        throw refusal("update", answer);
    }

    /** Ends the lease; what was not reported is requeued ({@code "requeue"}) or failed with {@code reason}. */
    Completed complete(UUID leaseId, String unfinished, String reason)
            throws IOException, InterruptedException, LeaseLostException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("leaseId", leaseId.toString());
        body.put("unfinished", unfinished);
        if (reason != null) {
            body.put("reason", reason);
        }
        Answer answer = send(post(COMPLETE, body));
        if (answer.status() == 200) {
            JsonNode json = answer.json();
            return new Completed(strings(json, "requeued"), strings(json, "failed"));
        }
        throw refusal("complete", answer);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(api.resolve(path))
                .timeout(TIMEOUT)
                .header("Accept", MEDIA_TYPE)
                .header("X-API-Key", key);
    }

    private HttpRequest post(String path, Map<String, Object> body) {
        return request(path)
                .header("Content-Type", MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8))
                .build();
    }

    private record Answer(int status, byte[] body, String retryAfterHeader) {

        JsonNode json() {
            try {
                return body.length == 0 ? null : JSON.readTree(body);
            } catch (RuntimeException e) {
                return null;
            }
        }

        Duration retryAfter() {
            if (retryAfterHeader == null) {
                return null;
            }
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfterHeader.trim())));
            } catch (NumberFormatException notSeconds) {
                return null;
            }
        }

        /** The problem's detail (or title), cleaned, for a log line. */
        String detail() {
            JsonNode json = json();
            if (json != null && json.isObject()) {
                for (String field : List.of("detail", "title")) {
                    JsonNode value = json.get(field);
                    if (value != null && value.isString()) {
                        return TerminalText.clean(value.stringValue(), MAX_DETAIL);
                    }
                }
            }
            return "HTTP " + status;
        }
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        BoundedBody.Body body = BoundedBody.read(response.body(), MAX_ANSWER_BYTES, TIMEOUT);
        if (body.truncated()) {
            throw new IOException(request.uri().getPath() + " answered more than " + MAX_ANSWER_BYTES + " bytes");
        }
        boolean roleRefused =
                response.statusCode() == 403 && !request.uri().getPath().equals(NEXT);
        if (response.statusCode() == 401 || roleRefused) {
            throw new RefusedException("job-api refused the worker key (" + response.statusCode() + "): "
                    + new Answer(response.statusCode(), body.bytes(), null).detail()
                    + "; it needs a key of role worker (worker:<name>:<key> in job-api's AUTOBOLT_API_KEYS)");
        }
        return new Answer(
                response.statusCode(),
                body.bytes(),
                response.headers().firstValue("Retry-After").orElse(null));
    }

    /** 409 and 400 lose the lease (nothing was applied); anything else is unexpected. */
    private static IOException refusal(String call, Answer answer) throws LeaseLostException {
        if (answer.status() == 409 || answer.status() == 400) {
            throw new LeaseLostException(call + " refused (" + answer.status() + "): " + answer.detail());
        }
        return unexpected(call, answer);
    }

    private static IOException unexpected(String call, Answer answer) {
        return new IOException(call + " answered " + answer.status() + ": " + answer.detail());
    }

    private static Instant instant(JsonNode json, String field) {
        JsonNode value = json == null ? null : json.get(field);
        if (value == null || !value.isString()) {
            return null;
        }
        try {
            return Instant.parse(value.stringValue());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static List<String> strings(JsonNode json, String field) {
        JsonNode values = json == null ? null : json.get(field);
        if (values == null || !values.isArray()) {
            return List.of();
        }
        return values.valueStream()
                .filter(JsonNode::isString)
                .limit(LeaseJson.MAX_FIELDS * 2L)
                .map(value -> TerminalText.clean(value.stringValue(), LeaseJson.MAX_ID))
                .toList();
    }
}
