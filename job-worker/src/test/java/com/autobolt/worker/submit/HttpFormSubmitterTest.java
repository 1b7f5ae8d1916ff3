package com.autobolt.worker.submit;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.sandbox.DirectorySandbox;
import com.autobolt.sandbox.SiteBehaviour;
import com.autobolt.schemas.BusinessProfile;
import com.autobolt.schemas.DirectoryTaskDispatched;
import com.autobolt.schemas.SubmissionMethod;
import com.autobolt.schemas.SubmissionSpec;
import com.autobolt.schemas.TaskId;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against the sandbox over real HTTP on the loopback interface. */
class HttpFormSubmitterTest {

    static final EgressPolicy SANDBOX_ONLY = EgressPolicy.allowing(List.of("127.0.0.1", "localhost"));

    private final DirectorySandbox sandbox = DirectorySandbox.start(0);
    private final HttpFormSubmitter submitter =
            new HttpFormSubmitter(Duration.ofSeconds(2), Duration.ofSeconds(3), 200, SANDBOX_ONLY);

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void shouldPostTheMappedFormWithTheIdempotencyKeyAndTakeTheListingFromLocation() {
        DirectoryTaskDispatched task = task("site", SubmissionMethod.FORM, false, false);

        SubmissionOutcome outcome = submitter.submit(task);

        assertThat(outcome).isInstanceOfSatisfying(SubmissionOutcome.Submitted.class, submitted -> {
            assertThat(submitted.httpStatus()).isEqualTo(201);
            assertThat(submitted.listingUrl()).startsWith(sandbox.baseUrl() + "/listings/site/");
        });
        assertThat(sandbox.submissions()).singleElement().satisfies(submission -> {
            assertThat(submission.idempotencyKey()).isEqualTo(task.taskId());
            assertThat(submission.contentType()).isEqualTo("application/x-www-form-urlencoded");
            assertThat(submission.body()).isEqualTo("name=Harbor+Bakery&contact=hello%40bakery.example");
        });
    }

    @Test
    void shouldResolveARelativeLocationAgainstTheSubmissionUrlAndKeepAnAbsoluteOne() {
        URI submission = URI.create("https://dir.example/api/v2/submit");

        assertThat(HttpFormSubmitter.resolve(submission, "/listings/7")).isEqualTo("https://dir.example/listings/7");
        assertThat(HttpFormSubmitter.resolve(submission, "listings/7"))
                .isEqualTo("https://dir.example/api/v2/listings/7");
        assertThat(HttpFormSubmitter.resolve(submission, "HTTP://other.example/l/7"))
                .isEqualTo("HTTP://other.example/l/7");
    }

    @Test
    void shouldSendJsonAndTakeTheListingFromTheBody() {
        sandbox.configure("json-site", SiteBehaviour.ok().withListingInBody());

        SubmissionOutcome outcome = submitter.submit(task("json-site", SubmissionMethod.JSON, false, false));

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        SubmissionOutcome.Submitted.class,
                        submitted -> assertThat(submitted.listingUrl())
                                .startsWith(sandbox.baseUrl() + "/listings/json-site/"));
        assertThat(sandbox.submissions().get(0).body()).contains("\"name\":\"Harbor Bakery\"");
    }

    @Test
    void shouldClassifyRateLimitsAndServerErrorsAsTransient() {
        sandbox.configure("busy", SiteBehaviour.ok().failingAlways(429).withRetryAfter(7));
        sandbox.configure("down", SiteBehaviour.ok().failingAlways(502));

        assertThat(submitter.submit(task("busy", SubmissionMethod.FORM, false, false)))
                .isInstanceOfSatisfying(SubmissionOutcome.Transient.class, failure -> {
                    assertThat(failure.httpStatus()).isEqualTo(429);
                    assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(7));
                });
        assertThat(submitter.submit(task("down", SubmissionMethod.FORM, false, false)))
                .isInstanceOf(SubmissionOutcome.Transient.class);
    }

    @Test
    void shouldClassifyTimeoutsAndRefusedConnectionsAsTransient() {
        sandbox.configure("hangs", SiteBehaviour.ok().hanging(15_000));
        DirectoryTaskDispatched nowhere = task("x", SubmissionMethod.FORM, false, false, "http://127.0.0.1:1/submit");

        assertThat(submitter.submit(task("hangs", SubmissionMethod.FORM, false, false)))
                .isInstanceOfSatisfying(
                        SubmissionOutcome.Transient.class,
                        failure -> assertThat(failure.errorCode()).isEqualTo("timeout"));
        assertThat(submitter.submit(nowhere))
                .isInstanceOfSatisfying(
                        SubmissionOutcome.Transient.class,
                        failure -> assertThat(failure.errorCode()).isEqualTo("connection_failed"));
    }

    @Test
    void shouldClassifyOtherClientErrorsAndRejectionsAsPermanent() {
        sandbox.configure("invalid", SiteBehaviour.ok().failingAlways(400));
        sandbox.configure("rejects", SiteBehaviour.ok().rejectingInBody());

        assertThat(submitter.submit(task("invalid", SubmissionMethod.FORM, false, false)))
                .isInstanceOfSatisfying(
                        SubmissionOutcome.Permanent.class,
                        failure -> assertThat(failure.errorCode()).isEqualTo("http_400"));
        assertThat(submitter.submit(task("rejects", SubmissionMethod.FORM, false, false)))
                .isInstanceOfSatisfying(
                        SubmissionOutcome.Permanent.class,
                        failure -> assertThat(failure.errorCode()).isEqualTo("rejected"));
    }

    @Test
    void shouldSkipDirectoriesThatNeedALoginOrACaptchaWithoutCallingThem() {
        assertThat(submitter.submit(task("login", SubmissionMethod.FORM, true, false)))
                .isEqualTo(new SubmissionOutcome.Skipped("requires_login", "Directory login needs a login"));
        assertThat(submitter.submit(task("captcha", SubmissionMethod.FORM, false, true)))
                .isInstanceOfSatisfying(
                        SubmissionOutcome.Skipped.class,
                        skipped -> assertThat(skipped.errorCode()).isEqualTo("requires_captcha"));
        assertThat(sandbox.submissionCount()).isZero();
    }

    @Test
    void shouldReadRetryAfterAsSecondsOrAnHttpDate() {
        assertThat(HttpFormSubmitter.parseRetryAfter("120")).isEqualTo(Duration.ofSeconds(120));
        assertThat(HttpFormSubmitter.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"))
                .isEqualTo(Duration.ZERO);
        assertThat(HttpFormSubmitter.parseRetryAfter("soon")).isNull();
    }

    private DirectoryTaskDispatched task(String directory, SubmissionMethod method, boolean login, boolean captcha) {
        return task(directory, method, login, captcha, sandbox.submissionUrl(directory));
    }

    private static DirectoryTaskDispatched task(
            String directory, SubmissionMethod method, boolean login, boolean captcha, String url) {
        return DirectoryTaskDispatched.of(
                new TaskId(UUID.randomUUID(), directory, 1),
                UUID.randomUUID(),
                3,
                new BusinessProfile(
                        "Harbor Bakery", "hello@bakery.example", null, null, null, null, null, null, null, null, null),
                new SubmissionSpec(
                        directory,
                        "Directory " + directory,
                        url,
                        method,
                        Map.of("businessName", "name", "email", "contact", "phone", "tel"),
                        0,
                        login,
                        captcha),
                Instant.now());
    }
}
