package com.autobolt.worker.submit;

import com.autobolt.schemas.DirectoryTaskDispatched;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.SubmissionMethod;
import com.autobolt.schemas.SubmissionSpec;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Submits a listing as an HTML form post or a JSON body, with the task id as
 * {@code Idempotency-Key}.
 *
 * <p>Success rule (no per-directory rule in the catalog yet): a 2xx whose body, when it is a JSON
 * object, has no {@code error} field and no {@code status} of {@code error}/{@code failed}/
 * {@code rejected}. The listing URL is the {@code Location} header, else the body's
 * {@code listingUrl} or {@code url}.
 */
public final class HttpFormSubmitter implements DirectorySubmitter {

    private final HttpClient client;
    private final Duration requestTimeout;
    private final int excerptLength;

    public HttpFormSubmitter(Duration connectTimeout, Duration requestTimeout, int excerptLength) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.requestTimeout = requestTimeout;
        this.excerptLength = excerptLength;
    }

    @Override
    public SubmissionOutcome submit(DirectoryTaskDispatched task) {
        SubmissionSpec spec = task.directory();
        if (spec.requiresLogin()) {
            return new SubmissionOutcome.Skipped("requires_login", spec.name() + " needs a login");
        }
        if (spec.requiresCaptcha()) {
            return new SubmissionOutcome.Skipped("requires_captcha", spec.name() + " needs a captcha");
        }
        HttpRequest request;
        try {
            request = request(task, ProfileFields.map(task.profile(), spec.fieldMapping()));
        } catch (ProfileFields.MappingException | IllegalArgumentException e) {
            return new SubmissionOutcome.Permanent(null, "mapping_error", e.getMessage(), null);
        }
        try {
            return classify(client.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (HttpTimeoutException e) {
            return new SubmissionOutcome.Transient(null, "timeout", "no answer in time: " + e.getMessage(), null, null);
        } catch (ConnectException e) {
            return new SubmissionOutcome.Transient(
                    null, "connection_failed", "could not connect: " + e.getMessage(), null, null);
        } catch (IOException e) {
            return new SubmissionOutcome.Transient(
                    null, "connection_failed", "connection broken: " + e.getMessage(), null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SubmissionOutcome.Transient(null, "interrupted", "submission interrupted", null, null);
        }
    }

    private HttpRequest request(DirectoryTaskDispatched task, Map<String, String> fields) {
        boolean json = task.directory().submissionMethod() == SubmissionMethod.JSON;
        String body = json ? EventJson.writeString(fields) : formEncoded(fields);
        return HttpRequest.newBuilder(URI.create(task.directory().submissionUrl()))
                .timeout(requestTimeout)
                .header("Content-Type", json ? "application/json" : "application/x-www-form-urlencoded")
                .header("Idempotency-Key", task.idempotencyKey())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static String formEncoded(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private SubmissionOutcome classify(HttpResponse<String> response) {
        int status = response.statusCode();
        String excerpt = excerpt(response.body());
        if (status == 429 || status >= 500) {
            return new SubmissionOutcome.Transient(
                    status, "http_" + status, "site answered " + status, excerpt, retryAfter(response));
        }
        if (status < 200 || status >= 300) {
            return new SubmissionOutcome.Permanent(status, "http_" + status, "site answered " + status, excerpt);
        }
        JsonNode body = jsonObject(response.body());
        if (body != null && rejects(body)) {
            return new SubmissionOutcome.Permanent(
                    status, "rejected", "site rejected the listing: " + errorText(body), excerpt);
        }
        return new SubmissionOutcome.Submitted(status, listingUrl(response, body), excerpt);
    }

    private static boolean rejects(JsonNode body) {
        JsonNode error = body.get("error");
        if (error != null && !error.isNull() && !(error.isBoolean() && !error.booleanValue())) {
            return true;
        }
        JsonNode status = body.get("status");
        return status != null
                && status.isString()
                && switch (status.stringValue().toLowerCase()) {
                    case "error", "failed", "failure", "rejected" -> true;
                    default -> false;
                };
    }

    private static String errorText(JsonNode body) {
        JsonNode error = body.get("error");
        return error == null || error.isNull() ? String.valueOf(body.get("status")) : error.toString();
    }

    private static String listingUrl(HttpResponse<String> response, JsonNode body) {
        var location = response.headers().firstValue("Location");
        if (location.isPresent()) {
            return response.uri().resolve(location.get()).toString();
        }
        if (body == null) {
            return null;
        }
        for (String field : new String[] {"listingUrl", "listing_url", "url"}) {
            JsonNode value = body.get(field);
            if (value != null && value.isString()) {
                return value.stringValue();
            }
        }
        return null;
    }

    private static JsonNode jsonObject(String body) {
        if (body == null || body.isBlank() || body.strip().charAt(0) != '{') {
            return null;
        }
        try {
            JsonNode node = EventJson.mapper().readTree(body);
            return node.isObject() ? node : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private String excerpt(String body) {
        if (body == null) {
            return null;
        }
        return body.length() <= excerptLength ? body : body.substring(0, excerptLength);
    }

    /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(HttpResponse<?> response) {
        return response.headers()
                .firstValue("Retry-After")
                .map(HttpFormSubmitter::parseRetryAfter)
                .orElse(null);
    }

    static Duration parseRetryAfter(String value) {
        String trimmed = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(trimmed)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(
                        ZonedDateTime.now(), ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
