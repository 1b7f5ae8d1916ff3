package com.autobolt.httpworker;

import com.autobolt.schemas.ListingUrls;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code --auto}: submits each task's form to its {@code submissionUrl} as job-worker submits a
 * directory's (a form post of the profile's values under the site's field names, the task id as
 * {@code Idempotency-Key}; a 2xx without an error in its JSON body is {@code submitted}, with the
 * {@code Location} or the body's {@code listingUrl} as the listing when it is an acceptable URL), once:
 * anything else is {@code failed} with the reason, and a person or a retry takes it from there.
 *
 * <p>Login and captcha: no program can do them, which is why these tasks come to HTTP workers. The
 * directory sandbox lets a client say that the person did ({@value #LOGIN_HEADER}: {@value #LOGIN_DONE},
 * {@value #CAPTCHA_HEADER}: {@value #CAPTCHA_SOLVED}; see directory-sandbox's README), and this mode,
 * the stand-in for that person in the local stack, says so for the tasks that need it. A real site
 * ignores the headers and refuses the form, and the task ends {@code failed} with its answer.
 */
final class AutoSubmitter implements TaskWorker {

    static final String LOGIN_HEADER = "X-Sandbox-Login";
    static final String LOGIN_DONE = "done";
    static final String CAPTCHA_HEADER = "X-Sandbox-Captcha";
    static final String CAPTCHA_SOLVED = "solved";
    /** As job-worker: enough for any confirmation's verdict; the rest of a longer answer is not read. */
    static final int MAX_ANSWER_BYTES = 64 * 1024;

    private static final int MAX_QUOTED = 500;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final Duration siteTimeout;
    private final Log log;

    AutoSubmitter(HttpClient http, Duration siteTimeout, Log log) {
        this.http = http;
        this.siteTimeout = siteTimeout;
        this.log = log;
    }

    @Override
    public Outcome work(Lease lease, BooleanSupplier stopWorking) throws InterruptedException {
        List<TaskResult> results = new ArrayList<>();
        for (Task task : lease.tasks()) {
            if (stopWorking.getAsBoolean()) {
                break;
            }
            TaskResult result = submit(lease, task);
            log.info(task.directoryId() + ": " + result.status()
                    + (result.reason() == null ? "" : " (" + TerminalText.clean(result.reason(), 200) + ")"));
            results.add(result);
        }
        return new Outcome(results, false);
    }

    TaskResult submit(Lease lease, Task task) throws InterruptedException {
        URI uri = submissionUri(task.submissionUrl());
        if (uri == null) {
            return TaskResult.failed(
                    task.directoryId(), "invalid_submission_url", "the submission URL is not an absolute http(s) URL");
        }
        StringJoiner form = new StringJoiner("&");
        for (Map.Entry<String, String> field : new TreeMap<>(task.fieldMapping()).entrySet()) {
            if (!LeaseJson.PROFILE_FIELDS.contains(field.getKey())) {
                return TaskResult.failed(
                        task.directoryId(),
                        "mapping_error",
                        "field mapping names unknown profile field '" + field.getKey() + "'");
            }
            String value = lease.profileValue(field.getKey());
            if (value != null) {
                form.add(URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(siteTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Idempotency-Key", task.taskId())
                .POST(HttpRequest.BodyPublishers.ofString(form.toString(), StandardCharsets.UTF_8));
        if (task.requiresLogin()) {
            request.header(LOGIN_HEADER, LOGIN_DONE);
        }
        if (task.requiresCaptcha()) {
            request.header(CAPTCHA_HEADER, CAPTCHA_SOLVED);
        }
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            BoundedBody.Body body = BoundedBody.read(response.body(), MAX_ANSWER_BYTES, siteTimeout);
            return classify(
                    task,
                    uri,
                    response.statusCode(),
                    response.headers().firstValue("Location").orElse(null),
                    body.bytes());
        } catch (HttpTimeoutException e) {
            return TaskResult.failed(
                    task.directoryId(), "timeout", "no answer within " + siteTimeout.toSeconds() + " s");
        } catch (IOException e) {
            return TaskResult.failed(task.directoryId(), "connection_failed", "could not submit: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return TaskResult.failed(task.directoryId(), "invalid_submission_url", e.getMessage());
        }
    }

    private static URI submissionUri(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            boolean web = scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"));
            return web && uri.getHost() != null ? uri : null;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static TaskResult classify(Task task, URI uri, int status, String location, byte[] body) {
        JsonNode json = jsonObject(body);
        if (status < 200 || status >= 300) {
            String said = json == null ? "" : ": " + errorText(json);
            return TaskResult.failed(task.directoryId(), "http_" + status, "site answered " + status + said);
        }
        if (json != null && rejects(json)) {
            return TaskResult.failed(task.directoryId(), "rejected", "site rejected the listing: " + errorText(json));
        }
        String candidate = listingUrl(uri, location, json);
        return TaskResult.submitted(task.directoryId(), ListingUrls.isAcceptable(candidate) ? candidate : null);
    }

    private static String listingUrl(URI uri, String location, JsonNode json) {
        if (location != null) {
            try {
                return uri.resolve(location).toString();
            } catch (IllegalArgumentException notAUri) {
                return null;
            }
        }
        if (json == null) {
            return null;
        }
        for (String field : List.of("listingUrl", "listing_url", "url")) {
            JsonNode value = json.get(field);
            if (value != null && value.isString()) {
                return value.stringValue();
            }
        }
        return null;
    }

    private static boolean rejects(JsonNode body) {
        JsonNode error = body.get("error");
        if (error != null && !error.isNull() && !(error.isBoolean() && !error.booleanValue())) {
            return true;
        }
        JsonNode status = body.get("status");
        return status != null
                && status.isString()
                && List.of("error", "failed", "failure", "rejected")
                        .contains(status.stringValue().toLowerCase(java.util.Locale.ROOT));
    }

    private static String errorText(JsonNode body) {
        JsonNode error = body.get("error");
        String text = error == null || error.isNull()
                ? String.valueOf(body.get("status"))
                : error.isString() ? error.stringValue() : error.toString();
        return TerminalText.clean(text, MAX_QUOTED);
    }

    private static JsonNode jsonObject(byte[] body) {
        try {
            JsonNode node = body.length == 0 ? null : JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }
}
