package com.autobolt.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DirectorySandboxTest {

    private final DirectorySandbox sandbox = DirectorySandbox.start(0);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void shouldAnswerWithALocationAndRecordTheIdempotencyKey() throws Exception {
        HttpResponse<String> response = post("yelp", "task-1");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location"))
                .hasValueSatisfying(url -> assertThat(url).contains("/listings/yelp/"));
        assertThat(sandbox.submissions()).singleElement().satisfies(submission -> {
            assertThat(submission.directoryId()).isEqualTo("yelp");
            assertThat(submission.idempotencyKey()).isEqualTo("task-1");
            assertThat(submission.status()).isEqualTo(201);
        });
    }

    @Test
    void shouldFailTheFirstRequestsOfEachKeyWithRetryAfter() throws Exception {
        sandbox.configure("slow", SiteBehaviour.ok().failingFirst(2, 429).withRetryAfter(3));

        HttpResponse<String> first = post("slow", "a");
        HttpResponse<String> second = post("slow", "a");
        HttpResponse<String> third = post("slow", "a");
        HttpResponse<String> otherKey = post("slow", "b");

        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(third.statusCode()).isEqualTo(201);
        assertThat(otherKey.statusCode()).isEqualTo(429);
        assertThat(sandbox.submissionsPerKey()).containsEntry("a", 3L).containsEntry("b", 1L);
    }

    @Test
    void shouldPutTheListingUrlInTheBodyWhenConfigured() throws Exception {
        sandbox.configure("body", SiteBehaviour.ok().withListingInBody());

        HttpResponse<String> response = post("body", "k");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"listingUrl\":\"" + sandbox.baseUrl() + "/listings/body/");
    }

    @Test
    void shouldReportStatisticsOverHttp() throws Exception {
        post("x", "k");
        post("x", "k");

        HttpResponse<String> stats = http.send(
                HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/submissions/stats"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(stats.body()).contains("\"duplicates\":1").contains("\"submissions\":2");
    }

    @Test
    void shouldTakeALoginOrCaptchaSitesFormOnlyWhenThePersonDidThem() throws Exception {
        sandbox.configure("login", SiteBehaviour.ok().requiringPerson(true, false));
        sandbox.configure("both", SiteBehaviour.ok().requiringPerson(true, true));

        HttpResponse<String> noLogin = post("login", "a");
        HttpResponse<String> wrongValue = post("login", "b", DirectorySandbox.LOGIN_HEADER, "yes please");
        HttpResponse<String> loggedIn = post("login", "c", DirectorySandbox.LOGIN_HEADER, DirectorySandbox.LOGIN_DONE);
        HttpResponse<String> noCaptcha = post("both", "d", DirectorySandbox.LOGIN_HEADER, DirectorySandbox.LOGIN_DONE);
        HttpResponse<String> both = post(
                "both",
                "e",
                DirectorySandbox.LOGIN_HEADER,
                DirectorySandbox.LOGIN_DONE,
                DirectorySandbox.CAPTCHA_HEADER,
                DirectorySandbox.CAPTCHA_SOLVED);

        assertThat(noLogin.statusCode()).isEqualTo(401);
        assertThat(noLogin.body()).contains("login required");
        assertThat(wrongValue.statusCode()).isEqualTo(401);
        assertThat(loggedIn.statusCode()).isEqualTo(201);
        assertThat(noCaptcha.statusCode()).isEqualTo(403);
        assertThat(noCaptcha.body()).contains("captcha required");
        assertThat(both.statusCode()).isEqualTo(201);
        assertThat(sandbox.submissions()).extracting(Submission::status).containsExactly(401, 401, 201, 403, 201);
    }

    @Test
    void shouldReadLoginAndCaptchaRequirementsFromTheConfigFile() throws Exception {
        SiteBehaviour site = SandboxConfig.JSON.readValue(
                "{\"successRate\": 1.0, \"requiresLogin\": true, \"requiresCaptcha\": true}", SiteBehaviour.class);

        assertThat(site.requiresLogin()).isTrue();
        assertThat(site.requiresCaptcha()).isTrue();
        assertThat(SandboxConfig.JSON
                        .readValue("{\"successRate\": 1.0}", SiteBehaviour.class)
                        .requiresLogin())
                .isFalse();
    }

    private HttpResponse<String> post(String directory, String key, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.submissionUrl(directory)))
                .header("Idempotency-Key", key)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=Bakery"));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
