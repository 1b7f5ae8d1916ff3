package com.autobolt.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.api.support.SharedApiTestSupport;
import com.autobolt.api.support.TestKeys;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every answer of job-api carries the Content-Security-Policy and {@code nosniff}, exactly once: the
 * dashboard, API answers, refusals and errors alike; the OpenAPI UI's own files get the policy it needs.
 */
class SecurityHeadersIT extends SharedApiTestSupport {

    private static final String POLICY =
            "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";
    private static final Pattern INLINE_SCRIPT =
            Pattern.compile("<script(?![^>]*\\ssrc=)[^>]*>", Pattern.CASE_INSENSITIVE);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldSendThePolicyWithTheDashboardAndItsFiles() throws Exception {
        assertHeaders(get("/", null), 200, POLICY);
        assertHeaders(get("/js/app.js", null), 200, POLICY);
        assertHeaders(get("/css/dashboard.css", null), 200, POLICY);
    }

    @Test
    void shouldSendThePolicyWithApiAnswers() throws Exception {
        assertHeaders(get("/api/jobs", TestKeys.VIEWER), 200, POLICY);
        assertHeaders(get("/actuator/health", null), 200, POLICY);
    }

    @Test
    void shouldSendThePolicyWithRefusalsAndErrors() throws Exception {
        assertHeaders(get("/api/jobs", null), 401, POLICY);
        assertHeaders(get("/api/jobs", "not-a-key-of-this-api"), 401, POLICY);
        assertHeaders(get("/other.html", TestKeys.VIEWER), 403, POLICY);
        assertHeaders(get("/api/jobs/" + UUID.randomUUID(), TestKeys.VIEWER), 404, POLICY);
        assertHeaders(get("/api/jobs/not-a-job-id", TestKeys.VIEWER), 400, POLICY);
        // Refused by the body limit filter, before Spring Security's chain.
        assertHeaders(
                send(HttpRequest.newBuilder(api().uri("/api/customers"))
                        .header("Authorization", "Bearer " + TestKeys.STAFF)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"x\":\"" + "a".repeat(70_000) + "\"}"))),
                413,
                POLICY);
    }

    @Test
    void shouldServeTheOpenApiUiWithThePolicyItNeedsAndNoInlineScript() throws Exception {
        HttpResponse<String> page = get("/swagger-ui/index.html", TestKeys.VIEWER);
        assertHeaders(page, 200, SecurityHeadersFilter.API_DOCS_UI_POLICY);
        assertThat(INLINE_SCRIPT.matcher(page.body()).find())
                .as("the UI's page runs no inline script (script-src 'self' would block it):%n%s", page.body())
                .isFalse();
        assertHeaders(
                get("/swagger-ui/swagger-initializer.js", TestKeys.VIEWER),
                200,
                SecurityHeadersFilter.API_DOCS_UI_POLICY);
        assertHeaders(get("/v3/api-docs", TestKeys.VIEWER), 200, POLICY);
    }

    private HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(api().uri(path)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertHeaders(HttpResponse<String> response, int status, String policy) {
        String what = response.request().method() + " " + response.uri().getPath();
        assertThat(response.statusCode()).as("%s: %s", what, response.body()).isEqualTo(status);
        assertThat(response.headers().allValues("Content-Security-Policy"))
                .as("%s", what)
                .containsExactly(policy);
        assertThat(response.headers().allValues("X-Content-Type-Options"))
                .as("%s", what)
                .containsExactly("nosniff");
    }
}
