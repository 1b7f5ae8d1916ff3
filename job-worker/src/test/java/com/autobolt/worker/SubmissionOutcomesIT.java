package com.autobolt.worker;

import static com.autobolt.worker.WorkerTestKit.countByStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.sandbox.SiteBehaviour;
import com.autobolt.schemas.ChangeOperation;
import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.DirectoryState;
import com.autobolt.schemas.JobState;
import com.autobolt.schemas.JobStatus;
import com.autobolt.schemas.ResultStatus;
import com.autobolt.schemas.SubmissionMethod;
import com.autobolt.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One worker (dispatcher and executor) on a real broker, submitting to the sandbox over real HTTP. */
class SubmissionOutcomesIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int MAX_OUTPUTS_PER_TRANSACTION = 150;
    private static WorkerTestKit kit;

    @BeforeAll
    static void startWorker() {
        kit = new WorkerTestKit();
        // A job of 50 directories makes 101 dispatch outputs: a poll of more than one job is committed in
        // several transactions (shouldDispatchABurstOfJobsInSeveralTransactionsEachJobOnce).
        kit.startWorker(
                "worker-outcomes",
                "autobolt.worker.executor.threads=4",
                "autobolt.worker.dispatcher.max-outputs-per-transaction=" + MAX_OUTPUTS_PER_TRANSACTION);
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    @Test
    void shouldSubmitEveryDirectoryOfAFiftyDirectoryJobOnce() {
        List<String> directories = kit.publishDirectories("happy", 50);
        JobState job = kit.createJob(directories, 3);

        await().atMost(WAIT).until(() -> kit.terminalResults(job.id()).size() == 50);

        List<DirectoryResultReported> terminal = kit.terminalResults(job.id());
        assertThat(terminal).allSatisfy(result -> {
            assertThat(result.status()).isEqualTo(ResultStatus.SUBMITTED);
            assertThat(result.workerId()).isEqualTo("worker-outcomes");
            assertThat(result.listingUrl()).startsWith(kit.sandbox.baseUrl() + "/listings/" + result.directoryId());
            assertThat(result.evidence().httpStatus()).isEqualTo(201);
            assertThat(result.evidence().retries()).isZero();
            assertThat(result.durationMs()).isNotNull();
        });
        assertThat(terminal)
                .extracting(DirectoryResultReported::directoryId)
                .containsExactlyInAnyOrderElementsOf(directories);
        assertThat(kit.results(job.id(), r -> r.status() == ResultStatus.PENDING))
                .hasSize(50);
        // A claim committed in one transaction with its task's result is left out (Claim): with a site that
        // answers at once and a flush every 100 ms, most are. The result's durationMs says when it was claimed.
        assertThat(kit.results(job.id(), r -> r.status() == ResultStatus.CLAIMED))
                .hasSizeLessThan(50)
                .extracting(DirectoryResultReported::directoryId)
                .isSubsetOf(directories);
        assertThat(kit.submissionsPerKey(job.id()))
                .hasSize(50)
                .allSatisfy((key, count) -> assertThat(count).isEqualTo(1L));
        assertThat(kit.sandbox.submissions())
                .filteredOn(s -> s.directoryId().equals(directories.get(0)))
                .singleElement()
                .satisfies(s -> assertThat(s.body()).contains("company=Harbor+Bakery"));
    }

    /**
     * A burst of jobs, as a storefront's sale makes: a poll that brings several is dispatched in
     * transactions cut between jobs once their outputs reach the bound, each with the offsets it covers;
     * every job is dispatched once and every directory submitted once.
     */
    @Test
    void shouldDispatchABurstOfJobsInSeveralTransactionsEachJobOnce() {
        List<String> directories = kit.publishDirectories("burst", 40);
        List<JobState> jobs = java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> kit.createJob(directories, 3))
                .toList();
        assertThat(jobs.size() * (2 * directories.size() + 1)).isGreaterThan(2 * MAX_OUTPUTS_PER_TRANSACTION);

        for (JobState job : jobs) {
            await().atMost(WAIT).until(() -> kit.terminalResults(job.id()).size() == directories.size());
        }

        for (JobState job : jobs) {
            assertThat(kit.terminalResults(job.id()))
                    .extracting(DirectoryResultReported::status)
                    .containsOnly(ResultStatus.SUBMITTED);
            assertThat(kit.results(job.id(), r -> r.status() == ResultStatus.PENDING))
                    .extracting(DirectoryResultReported::directoryId)
                    .containsExactlyInAnyOrderElementsOf(directories);
            assertThat(kit.submissionsPerKey(job.id()))
                    .hasSize(directories.size())
                    .allSatisfy((key, count) -> assertThat(count).isEqualTo(1L));
        }
    }

    @Test
    void shouldRetryTransientFailuresAndThenSucceed() {
        List<String> directories = kit.publishDirectories("flaky", 2);
        kit.sandbox.configure(directories.get(0), SiteBehaviour.ok().failingFirst(2, 503));
        kit.sandbox.configure(
                directories.get(1), SiteBehaviour.ok().failingFirst(1, 429).withRetryAfter(1));
        JobState job = kit.createJob(directories, 3);

        await().atMost(WAIT).until(() -> kit.terminalResults(job.id()).size() == 2);

        Map<String, DirectoryResultReported> byDirectory = byDirectory(kit.terminalResults(job.id()));
        assertThat(byDirectory.get(directories.get(0))).satisfies(result -> {
            assertThat(result.status()).isEqualTo(ResultStatus.SUBMITTED);
            assertThat(result.evidence().retries()).isEqualTo(2);
        });
        assertThat(byDirectory.get(directories.get(1))).satisfies(result -> {
            assertThat(result.status()).isEqualTo(ResultStatus.SUBMITTED);
            assertThat(result.evidence().retries()).isEqualTo(1);
            assertThat(result.durationMs()).as("waited for Retry-After").isGreaterThanOrEqualTo(1000);
        });
        assertThat(kit.sandbox.submissionsPerKey()).containsEntry(job.id() + ":" + directories.get(0) + ":1", 3L);
    }

    @Test
    void shouldFailAtOnceOnPermanentFailures() {
        List<String> directories = kit.publishDirectories("broken", 2);
        kit.sandbox.configure(directories.get(0), SiteBehaviour.ok().failingAlways(422));
        kit.sandbox.configure(directories.get(1), SiteBehaviour.ok().rejectingInBody());
        DirectoryState badMapping = withMapping(kit.directory("bad-mapping", 0, true, false, false), "fax");
        kit.publishDirectory(badMapping);
        JobState job = kit.createJob(List.of(directories.get(0), directories.get(1), badMapping.id()), 3);

        await().atMost(WAIT).until(() -> kit.terminalResults(job.id()).size() == 3);

        Map<String, DirectoryResultReported> byDirectory = byDirectory(kit.terminalResults(job.id()));
        assertThat(byDirectory.get(directories.get(0))).satisfies(result -> {
            assertThat(result.status()).isEqualTo(ResultStatus.FAILED);
            assertThat(result.errorCode()).isEqualTo("http_422");
            assertThat(result.evidence().httpStatus()).isEqualTo(422);
            assertThat(result.evidence().responseExcerpt()).contains("simulated");
        });
        assertThat(byDirectory.get(directories.get(1))).satisfies(result -> {
            assertThat(result.status()).isEqualTo(ResultStatus.FAILED);
            assertThat(result.errorCode()).isEqualTo("rejected");
        });
        assertThat(byDirectory.get(badMapping.id())).satisfies(result -> {
            assertThat(result.status()).isEqualTo(ResultStatus.FAILED);
            assertThat(result.errorCode()).isEqualTo("mapping_error");
            assertThat(result.errorMessage()).contains("fax");
        });
        assertThat(kit.sandbox.submissionsPerKey()).containsEntry(job.id() + ":" + directories.get(0) + ":1", 1L);
        assertThat(kit.sandbox.submissionsPerKey()).doesNotContainKey(job.id() + ":bad-mapping:1");
    }

    @Test
    void shouldFailWithTheLastReasonWhenRetriesAreExhausted() {
        List<String> directories = kit.publishDirectories("down", 1);
        kit.sandbox.configure(directories.get(0), SiteBehaviour.ok().failingAlways(503));
        JobState job = kit.createJob(directories, 3);

        await().atMost(WAIT).until(() -> kit.terminalResults(job.id()).size() == 1);

        assertThat(kit.terminalResults(job.id())).singleElement().satisfies(result -> {
            assertThat(result.status()).isEqualTo(ResultStatus.FAILED);
            assertThat(result.errorCode()).isEqualTo("retries_exhausted");
            assertThat(result.errorMessage()).contains("4 tries").contains("http_503");
            assertThat(result.evidence().retries()).isEqualTo(3);
        });
        assertThat(kit.sandbox.submissionsPerKey()).containsEntry(job.id() + ":" + directories.get(0) + ":1", 4L);
    }

    @Test
    void shouldSkipDirectoriesThatCannotBeSubmittedAutomatically() {
        kit.publishDirectory(kit.directory("login-site", 0, true, true, false));
        kit.publishDirectory(kit.directory("captcha-site", 0, true, false, true));
        kit.publishDirectory(kit.directory("retired-site", 0, false, false, false));
        JobState job = kit.createJob(List.of("login-site", "captcha-site", "retired-site", "no-such-site"), 3);

        await().atMost(WAIT).until(() -> kit.terminalResults(job.id()).size() == 4);

        Map<String, DirectoryResultReported> byDirectory = byDirectory(kit.terminalResults(job.id()));
        assertThat(byDirectory.get("login-site").status()).isEqualTo(ResultStatus.SKIPPED);
        assertThat(byDirectory.get("login-site").errorCode()).isEqualTo("requires_login");
        assertThat(byDirectory.get("captcha-site").errorCode()).isEqualTo("requires_captcha");
        assertThat(byDirectory.get("retired-site").status()).isEqualTo(ResultStatus.SKIPPED);
        assertThat(byDirectory.get("retired-site").errorCode()).isEqualTo("directory_inactive");
        assertThat(byDirectory.get("no-such-site").status()).isEqualTo(ResultStatus.FAILED);
        assertThat(byDirectory.get("no-such-site").errorCode()).isEqualTo("directory_unknown");
        assertThat(kit.sandbox.submissionsPerKey())
                .noneSatisfy((key, count) -> assertThat(key).startsWith(job.id().toString()));
    }

    @Test
    void shouldDispatchAChangeDeliveredTwiceOnlyOnceAndARetryOnlyForTheFailedDirectories() {
        List<String> directories = kit.publishDirectories("twice", 3);
        kit.sandbox.configure(directories.get(2), SiteBehaviour.ok().failingFirst(4, 503));
        JobState job = kit.createJob(directories, 3);
        kit.publishJobChange(ChangeOperation.CREATED, null, job);

        await().atMost(WAIT).until(() -> kit.terminalResults(job.id()).size() >= 3);
        kit.sandbox.configure(directories.get(2), SiteBehaviour.ok());
        JobState failed = WorkerTestKit.job(job.id(), JobStatus.FAILED, 1, 3, directories, directories);
        JobState retried =
                WorkerTestKit.job(job.id(), JobStatus.PENDING, 2, 3, directories, List.of(directories.get(2)));
        kit.publishJobChange(ChangeOperation.UPDATED, failed, retried);
        kit.publishJobChange(ChangeOperation.UPDATED, failed, retried);
        await().atMost(WAIT).until(() -> kit.terminalResults(job.id()).size() >= 4);

        assertThat(countByStatus(kit.results(job.id(), r -> r.attempt() == 1 && r.status() == ResultStatus.PENDING)))
                .containsEntry(ResultStatus.PENDING, 3L);
        assertThat(kit.terminalResults(job.id()))
                .extracting(DirectoryResultReported::taskId, DirectoryResultReported::status)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                job.id() + ":" + directories.get(0) + ":1", ResultStatus.SUBMITTED),
                        org.assertj.core.groups.Tuple.tuple(
                                job.id() + ":" + directories.get(1) + ":1", ResultStatus.SUBMITTED),
                        org.assertj.core.groups.Tuple.tuple(
                                job.id() + ":" + directories.get(2) + ":1", ResultStatus.FAILED),
                        org.assertj.core.groups.Tuple.tuple(
                                job.id() + ":" + directories.get(2) + ":2", ResultStatus.SUBMITTED));
        assertThat(kit.results(job.id(), r -> r.attempt() == 2 && r.status() == ResultStatus.PENDING))
                .hasSize(1);
        assertThat(kit.sandbox.submissionsPerKey()).containsEntry(job.id() + ":" + directories.get(0) + ":1", 1L);
    }

    @Test
    void shouldSkipTheRestOfAJobCancelledInTheMiddle() {
        // 40 slow sites on 4 threads take about 4 s: the cancellation lands well inside the job.
        List<String> directories = kit.publishDirectories("cancel", 40);
        directories.forEach(id -> kit.sandbox.configure(id, SiteBehaviour.ok().withLatency(400)));
        JobState job = kit.createJob(directories, 3);
        await().atMost(WAIT).until(() -> kit.terminalResults(job.id()).size() >= 3);

        kit.publishJobChange(
                ChangeOperation.UPDATED,
                job,
                WorkerTestKit.job(job.id(), JobStatus.CANCELLED, 1, 3, directories, directories));
        await().atMost(WAIT).until(() -> kit.terminalResults(job.id()).size() >= 40);

        List<DirectoryResultReported> terminal = kit.terminalResults(job.id());
        assertThat(terminal).hasSize(40);
        assertThat(terminal)
                .filteredOn(r -> r.status() == ResultStatus.SKIPPED)
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.errorCode()).isEqualTo("job_cancelled"));
        long submitted = terminal.stream()
                .filter(r -> r.status() == ResultStatus.SUBMITTED)
                .count();
        assertThat(submitted).isGreaterThanOrEqualTo(3).isLessThan(40);
        assertThat(kit.submissionsPerKey(job.id())).hasSize((int) submitted);
    }

    @Test
    void shouldSkipQueuedTasksOfADirectoryDeactivatedAfterTheyWereDispatched() {
        DirectoryState slow = kit.directory("deactivated-later", 5_000, true, false, false);
        kit.publishDirectory(slow);
        List<JobState> jobs = List.of(
                kit.createJob(List.of(slow.id()), 3),
                kit.createJob(List.of(slow.id()), 3),
                kit.createJob(List.of(slow.id()), 3));
        await().atMost(WAIT).until(() -> kit.terminalResults(jobs.get(0).id()).size() == 1);

        kit.publishDirectory(kit.directory(slow.id(), 5_000, false, false, false));

        await().atMost(WAIT)
                .until(() -> jobs.stream()
                        .allMatch(job -> kit.terminalResults(job.id()).size() == 1));
        assertThat(kit.terminalResults(jobs.get(0).id()).get(0).status()).isEqualTo(ResultStatus.SUBMITTED);
        for (JobState queued : jobs.subList(1, 3)) {
            assertThat(kit.terminalResults(queued.id())).singleElement().satisfies(result -> {
                assertThat(result.status()).isEqualTo(ResultStatus.SKIPPED);
                assertThat(result.errorCode()).isEqualTo("directory_inactive");
            });
        }
        assertThat(kit.sandbox.submissions())
                .filteredOn(s -> s.directoryId().equals(slow.id()))
                .hasSize(1);
    }

    @Test
    void shouldSubmitQueuedTasksToTheDirectorysCurrentSubmissionUrl() {
        DirectoryState moving = kit.directory("moving", 3_000, true, false, false);
        kit.publishDirectory(moving);
        JobState first = kit.createJob(List.of(moving.id()), 3);
        JobState second = kit.createJob(List.of(moving.id()), 3);
        await().atMost(WAIT).until(() -> kit.terminalResults(first.id()).size() == 1);

        DirectoryState moved = kit.directory(moving.id(), 3_000, true, false, false);
        kit.publishDirectory(new DirectoryState(
                moved.id(),
                moved.name(),
                moved.website(),
                moved.category(),
                kit.sandbox.submissionUrl("moved-here"),
                moved.submissionMethod(),
                moved.fieldMapping(),
                moved.domainAuthority(),
                true,
                moved.minIntervalMs(),
                false,
                false,
                moved.createdAt(),
                moved.updatedAt()));

        await().atMost(WAIT).until(() -> kit.terminalResults(second.id()).size() == 1);
        assertThat(kit.sandbox.submissions())
                .filteredOn(s -> s.directoryId().equals("moved-here"))
                .singleElement()
                .satisfies(s ->
                        assertThat(s.idempotencyKey()).startsWith(second.id().toString()));
    }

    @Test
    void shouldKeepTheDirectorysMinimumIntervalBetweenSubmissions() {
        kit.publishDirectory(kit.directory("polite", 400, true, false, false));
        List<JobState> jobs = List.of(
                kit.createJob(List.of("polite"), 3),
                kit.createJob(List.of("polite"), 3),
                kit.createJob(List.of("polite"), 3));

        await().atMost(WAIT)
                .until(() -> jobs.stream()
                        .allMatch(job -> kit.terminalResults(job.id()).size() == 1));

        List<Instant> received = kit.sandbox.submissions().stream()
                .filter(s -> s.directoryId().equals("polite"))
                .map(com.autobolt.sandbox.Submission::receivedAt)
                .sorted()
                .toList();
        assertThat(received).hasSize(3);
        // The worker spaces the starts by 400 ms; allow for the network jitter between start and receipt.
        assertThat(Duration.between(received.get(0), received.get(1))).isGreaterThan(Duration.ofMillis(250));
        assertThat(Duration.between(received.get(1), received.get(2))).isGreaterThan(Duration.ofMillis(250));
    }

    @Test
    void shouldSendAPoisonClaimEventToTheDeadLetterTopicAndCarryOn() {
        kit.send(kit.tasks, "poison-site", "{\"schemaVersion\":1,\"taskId\":".getBytes(StandardCharsets.UTF_8));
        List<String> directories = kit.publishDirectories("after-poison", 4);
        JobState job = kit.createJob(directories, 3);

        await().atMost(WAIT).until(() -> kit.terminalResults(job.id()).size() == 4);

        List<ConsumerRecord<String, byte[]>> deadLetters = kit.readAll(Topics.deadLetterOf(kit.tasks), 1);
        assertThat(deadLetters).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("poison-site");
            assertThat(new String(
                            record.headers()
                                    .lastHeader(com.autobolt.schemas.DeadLetterHeaders.REASON)
                                    .value(),
                            StandardCharsets.UTF_8))
                    .contains("DirectoryTaskDispatched");
            assertThat(new String(
                            record.headers()
                                    .lastHeader(com.autobolt.schemas.DeadLetterHeaders.ORIGINAL_TOPIC)
                                    .value(),
                            StandardCharsets.UTF_8))
                    .isEqualTo(kit.tasks);
        });
    }

    private static Map<String, DirectoryResultReported> byDirectory(List<DirectoryResultReported> results) {
        return results.stream()
                .collect(java.util.stream.Collectors.toMap(DirectoryResultReported::directoryId, r -> r, (a, b) -> b));
    }

    private static DirectoryState withMapping(DirectoryState d, String unknownField) {
        Instant now = Instant.now();
        return new DirectoryState(
                d.id(),
                d.name(),
                d.website(),
                d.category(),
                d.submissionUrl(),
                SubmissionMethod.JSON,
                Map.of("businessName", "name", unknownField, "fax_number"),
                d.domainAuthority(),
                true,
                0,
                false,
                false,
                now,
                now);
    }
}
