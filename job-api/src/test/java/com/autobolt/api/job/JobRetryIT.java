package com.autobolt.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.api.support.Api;
import com.autobolt.api.support.SharedApiTestSupport;
import com.autobolt.api.support.TestKeys;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Retrying what did not get done: the failed (and skipped) directories of a job that has ended, one
 * directory alone, and a cancelled job resumed. Exactly the chosen directories are re-dispatched as the
 * next attempt, and the progress stays equal to the projector's recount throughout.
 */
class JobRetryIT extends SharedApiTestSupport {

    private static final String CATEGORY = "retrying";
    private static boolean catalogued;

    private UUID customer;

    @BeforeEach
    void catalogAndCustomer() {
        if (!catalogued) {
            insertDirectories(50, CATEGORY, 50);
            catalogued = true;
        }
        customer = createCustomer(CATEGORY);
    }

    @Test
    void shouldRetrySkippedDirectoriesOfACompleteJobOnlyWhenAsked() {
        UUID job = createJob(customer, "starter");
        List<String> planned = plannedDirectories(job);
        Map<String, String> outcomes = outcomes(planned, "submitted");
        outcomes.put(planned.get(3), "skipped:requires_login");
        outcomes.put(planned.get(7), "skipped:requires_captcha");
        end(job, "complete", outcomes);

        Api.Response failedOnly = retry(job, "");
        Api.Response withSkipped = retry(job, "?include=skipped");

        assertThat(failedOnly.status()).isEqualTo(409);
        assertThat(failedOnly.detail()).contains("include=skipped");
        assertThat(withSkipped.status()).as(withSkipped.body()).isEqualTo(202);
        JsonNode body = withSkipped.json();
        assertThat(body.path("status").asString()).isEqualTo("pending");
        assertThat(body.path("attempt").asInt()).isEqualTo(2);
        assertThat(body.path("completedAt").isNull()).isTrue();
        assertThat(body.path("progress").path("skipped").asInt()).isZero();
        assertThat(body.path("progress").path("pending").asInt()).isEqualTo(2);
        assertThat(body.path("progress").path("percent").asInt()).isEqualTo(96);
        assertThat(dispatched(job)).containsExactly(planned.get(3), planned.get(7));
        assertProgressIsTheRecount(job);
    }

    @Test
    void shouldRetryFailedAndSkippedTogether() {
        UUID job = createJob(customer, "starter");
        List<String> planned = plannedDirectories(job);
        Map<String, String> outcomes = outcomes(planned, "submitted");
        outcomes.put(planned.get(0), "failed:http_500");
        outcomes.put(planned.get(1), "skipped:requires_login");
        end(job, "failed", outcomes);

        Api.Response retried = retry(job, "?include=failed,skipped");

        assertThat(retried.status()).as(retried.body()).isEqualTo(202);
        assertThat(dispatched(job)).containsExactly(planned.get(0), planned.get(1));
        assertThat(retried.json().path("progress").path("failed").asInt()).isZero();
        assertProgressIsTheRecount(job);
        assertThat(retry(job, "?include=everything").status()).isEqualTo(400);
    }

    @Test
    void shouldRetryOneDirectoryAloneAndRefuseTheOthers() {
        UUID job = createJob(customer, "starter");
        List<String> planned = plannedDirectories(job);
        Map<String, String> outcomes = outcomes(planned, "submitted");
        outcomes.put(planned.get(0), "failed:http_500");
        outcomes.put(planned.get(1), "failed:timeout");
        end(job, "failed", outcomes);
        String path = "/api/jobs/" + job + "/results/";

        Api.Response submitted = api().post(path + planned.get(5) + "/retry", TestKeys.STAFF, null);
        Api.Response unknown = api().post(path + "not-planned-here/retry", TestKeys.STAFF, null);
        Api.Response malformed = api().post(path + "NOT_AN_ID/retry", TestKeys.STAFF, null);
        Api.Response viewer = api().post(path + planned.get(1) + "/retry", TestKeys.VIEWER, null);
        Api.Response one = api().post(path + planned.get(1) + "/retry", TestKeys.STAFF, null);
        Api.Response whileRunning = api().post(path + planned.get(0) + "/retry", TestKeys.STAFF, null);

        assertThat(submitted.status()).isEqualTo(409);
        assertThat(submitted.detail()).contains("is submitted");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(viewer.status()).isEqualTo(403);
        assertThat(one.status()).as(one.body()).isEqualTo(202);
        assertThat(one.json().path("attempt").asInt()).isEqualTo(2);
        assertThat(one.json().path("progress").path("failed").asInt()).isEqualTo(1);
        assertThat(one.json().path("progress").path("pending").asInt()).isEqualTo(1);
        assertThat(dispatched(job)).containsExactly(planned.get(1));
        assertProgressIsTheRecount(job);
        assertThat(whileRunning.status()).isEqualTo(409);
        assertThat(whileRunning.detail()).contains("is pending");
    }

    @Test
    void shouldResumeACancelledJobWithEverythingItsCancellationCutShort() {
        UUID job = createJob(customer, "starter");
        List<String> planned = plannedDirectories(job);
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            outcomes.put(planned.get(i), "submitted");
        }
        outcomes.put(planned.get(20), "failed:http_500");
        outcomes.put(planned.get(21), "skipped:requires_login");
        for (int i = 22; i < 30; i++) {
            outcomes.put(planned.get(i), "skipped:job_cancelled");
        }
        outcomes.put(planned.get(30), "claimed");
        // 31..49: never reached, no row.
        end(job, "cancelled", outcomes);

        Api.Response one =
                api().post("/api/jobs/" + job + "/results/" + planned.get(20) + "/retry", TestKeys.STAFF, null);
        Api.Response resumed = retry(job, "");

        assertThat(one.status()).isEqualTo(409);
        assertThat(one.detail()).contains("resumed whole");
        assertThat(resumed.status()).as(resumed.body()).isEqualTo(202);
        List<String> expected = new ArrayList<>(planned.subList(20, 21));
        expected.addAll(planned.subList(22, 50));
        assertThat(dispatched(job)).containsExactlyElementsOf(expected);
        assertThat(resumed.json().path("progress").path("done").asInt()).isEqualTo(21);
        assertProgressIsTheRecount(job);
    }

    private Api.Response retry(UUID job, String query) {
        return api().post("/api/jobs/" + job + "/retry" + query, TestKeys.STAFF, null);
    }

    private static Map<String, String> outcomes(List<String> directories, String outcome) {
        Map<String, String> outcomes = new LinkedHashMap<>();
        directories.forEach(directory -> outcomes.put(directory, outcome));
        return outcomes;
    }

    /**
     * Plays the workers and the projector: a result row per given directory ({@code status} or
     * {@code status:error_code}), then the job in {@code status} with the counts of those rows.
     */
    private void end(UUID job, String status, Map<String, String> outcomes) {
        int submitted = 0;
        int failed = 0;
        int skipped = 0;
        for (Map.Entry<String, String> outcome : outcomes.entrySet()) {
            String[] parts = outcome.getValue().split(":", 2);
            String result = parts[0];
            jdbc.update(
                    "INSERT INTO job_results (job_id, directory_id, status, attempt, worker_id, error_code,"
                            + " submitted_at) VALUES (?, ?, ?, 1, 'worker-1', ?, ?)",
                    job,
                    outcome.getKey(),
                    result,
                    parts.length > 1 ? parts[1] : null,
                    result.equals("submitted") ? Timestamp.from(Instant.now()) : null);
            submitted += result.equals("submitted") ? 1 : 0;
            failed += result.equals("failed") ? 1 : 0;
            skipped += result.equals("skipped") ? 1 : 0;
        }
        int done = submitted + failed + skipped;
        jdbc.update(
                "UPDATE jobs SET status = ?, started_at = now(), completed_at = now(), progress_submitted = ?,"
                        + " progress_failed = ?, progress_skipped = ?, progress_done = ?,"
                        + " progress_percent = 100 * ? / progress_total, version = version + 1 WHERE id = ?",
                status,
                submitted,
                failed,
                skipped,
                done,
                done,
                job);
    }

    private List<String> dispatched(UUID job) {
        return List.of(jdbc.queryForObject(
                "SELECT dispatch_directory_ids FROM jobs WHERE id = ?",
                (rs, row) -> (String[]) rs.getArray(1).getArray(),
                job));
    }
}
