package com.autobolt.worker.submit;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.schemas.BusinessProfile;
import com.autobolt.schemas.DirectoryTaskDispatched;
import com.autobolt.schemas.EventText;
import com.autobolt.schemas.SubmissionMethod;
import com.autobolt.schemas.SubmissionSpec;
import com.autobolt.schemas.TaskId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a directory site may answer, at its worst, and what the submitter makes of it: every answer
 * comes back as an outcome within the request timeout, with text that is clean and bounded.
 */
class HostileAnswersTest {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);
    private static final int EXCERPT = 200;

    private final HttpFormSubmitter submitter =
            new HttpFormSubmitter(Duration.ofSeconds(2), REQUEST_TIMEOUT, EXCERPT, HttpFormSubmitterTest.SANDBOX_ONLY);
    private RawSite site;

    @AfterEach
    void stop() {
        submitter.close();
        if (site != null) {
            site.close();
        }
    }

    @Test
    void shouldCleanNulAndControlCharactersFromAJsonBody() {
        String body = "{\"ok\":true,\"note\":\"a\\u0000b\",\"raw\":\"c\u0000\u001b[2Jd\"}";

        SubmissionOutcome outcome = submit(answer("201 Created", body));

        assertThat(outcome).isInstanceOf(SubmissionOutcome.Submitted.class);
        assertClean(outcome.excerpt());
        assertThat(outcome.excerpt()).contains("a\\u0000b").doesNotContain("\u0000");
    }

    @Test
    void shouldTurnABinaryOrInvalidUtf8BodyIntoCleanText() {
        byte[] binary = new byte[4096];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        site = RawSite.answering(out -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + binary.length
                            + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(binary);
        });

        SubmissionOutcome outcome = submitter.submit(task(site.url()));

        assertThat(outcome).isInstanceOf(SubmissionOutcome.Submitted.class);
        assertClean(outcome.excerpt());
        assertThat(outcome.excerpt()).hasSizeLessThanOrEqualTo(EXCERPT);
    }

    @Test
    void shouldReadOnlyTheStartOfAnEndlessBodyAndNotWaitForItsEnd() {
        // Announces a gigabyte and sends it as fast as the socket takes it: draining it to reuse the
        // connection would hold the executor thread until the deadline and turn a success into a timeout.
        site = RawSite.answering(out -> {
            out.write("HTTP/1.1 201 Created\r\nLocation: https://dir.example/l/1\r\nContent-Length: 1073741824\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
            while (true) {
                out.write(chunk);
            }
        });
        long start = System.nanoTime();

        SubmissionOutcome outcome = submitter.submit(task(site.url()));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(REQUEST_TIMEOUT);
        assertThat(outcome)
                .isInstanceOfSatisfying(
                        SubmissionOutcome.Submitted.class,
                        submitted -> assertThat(submitted.listingUrl()).isEqualTo("https://dir.example/l/1"));
        assertThat(outcome.excerpt()).hasSize(EXCERPT);
    }

    @Test
    void shouldGiveUpOnASiteThatTricklesItsAnswerWhenTheDeadlineComes() {
        site = RawSite.answering(out -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            while (true) {
                out.write("1\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(1000);
            }
        });
        long start = System.nanoTime();

        SubmissionOutcome outcome = submitter.submit(task(site.url()));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(REQUEST_TIMEOUT.plusSeconds(2));
        assertThat(outcome)
                .isInstanceOfSatisfying(
                        SubmissionOutcome.Transient.class,
                        failure -> assertThat(failure.errorCode()).isEqualTo("timeout"));
    }

    @Test
    void shouldRefuseAMegabyteHeader() {
        SubmissionOutcome outcome =
                submit("HTTP/1.1 201 Created\r\nX-Junk: " + "j".repeat(1024 * 1024) + "\r\nContent-Length: 0\r\n\r\n");

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        SubmissionOutcome.Permanent.class,
                        failure -> assertThat(failure.errorCode()).isEqualTo("invalid_answer"));
    }

    @Test
    void shouldRefuseThousandsOfHeaders() {
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            headers.append("X-Junk-").append(i).append(": ").append(i).append("\r\n");
        }

        SubmissionOutcome outcome = submit("HTTP/1.1 201 Created\r\n" + headers + "Content-Length: 0\r\n\r\n");

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        SubmissionOutcome.Permanent.class,
                        failure -> assertThat(failure.errorCode()).isEqualTo("invalid_answer"));
    }

    @Test
    void shouldDropAListingUrlLongerThanTheContractAllowsAndSayWhy() {
        SubmissionOutcome outcome = submit("HTTP/1.1 201 Created\r\nLocation: https://dir.example/" + "a".repeat(3000)
                + "\r\nContent-Length: 0\r\n\r\n");

        assertThat(outcome).isInstanceOfSatisfying(SubmissionOutcome.Submitted.class, submitted -> {
            assertThat(submitted.listingUrl()).isNull();
            assertThat(submitted.listingUrlProblem()).contains("more than 2048");
        });
    }

    @Test
    void shouldDropListingUrlsThatAreNotAbsoluteHttpOrHttps() {
        for (String location : new String[] {
            "javascript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>", "::garbage:: <script>"
        }) {
            SubmissionOutcome outcome =
                    submit("HTTP/1.1 201 Created\r\nLocation: " + location + "\r\nContent-Length: 0\r\n\r\n");

            assertThat(outcome).as(location).isInstanceOfSatisfying(SubmissionOutcome.Submitted.class, submitted -> {
                assertThat(submitted.listingUrl()).isNull();
                assertThat(submitted.listingUrlProblem()).isNotBlank().doesNotContain(location);
            });
            site.close();
        }
    }

    @Test
    void shouldDropAListingUrlFromTheBodyThatIsNotHttp() {
        SubmissionOutcome outcome = submit(answer("200 OK", "{\"listingUrl\":\"javascript:alert(1)\"}"));

        assertThat(outcome).isInstanceOfSatisfying(SubmissionOutcome.Submitted.class, submitted -> {
            assertThat(submitted.listingUrl()).isNull();
            assertThat(submitted.listingUrlProblem()).isNotBlank();
        });
    }

    @Test
    void shouldBoundALongErrorText() {
        String longError = "<script>alert(1)</script>" + "e".repeat(5000);

        SubmissionOutcome rejected = submit(answer("200 OK", "{\"status\":\"error\",\"error\":\"" + longError + "\"}"));
        site.close();
        SubmissionOutcome unprocessable = submit(answer("422 Unprocessable Entity", longError));

        assertThat(rejected).isInstanceOfSatisfying(SubmissionOutcome.Permanent.class, failure -> {
            assertThat(failure.errorCode()).isEqualTo("rejected");
            assertThat(failure.reason()).hasSizeLessThan(600);
        });
        assertThat(unprocessable.excerpt()).hasSize(EXCERPT);
    }

    private SubmissionOutcome submit(String rawResponse) {
        site = RawSite.answering(rawResponse);
        return submitter.submit(task(site.url()));
    }

    private static String answer(String status, String jsonBody) {
        byte[] body = jsonBody.getBytes(StandardCharsets.UTF_8);
        return "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\n\r\n" + new String(body, StandardCharsets.ISO_8859_1);
    }

    private static void assertClean(String text) {
        assertThat(EventText.isClean(text, EXCERPT)).as("clean: %s", text).isTrue();
        assertThat(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .isEqualTo(text);
    }

    static DirectoryTaskDispatched task(String url) {
        return DirectoryTaskDispatched.of(
                new TaskId(UUID.randomUUID(), "hostile", 1),
                UUID.randomUUID(),
                3,
                new BusinessProfile(
                        "Harbor Bakery", "hello@bakery.example", null, null, null, null, null, null, null, null, null),
                new SubmissionSpec(
                        "hostile",
                        "Hostile site",
                        url,
                        SubmissionMethod.FORM,
                        Map.of("businessName", "name"),
                        0,
                        false,
                        false),
                Instant.now());
    }
}
