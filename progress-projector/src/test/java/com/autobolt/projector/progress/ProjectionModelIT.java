package com.autobolt.projector.progress;

import static com.autobolt.projector.progress.Results.claimed;
import static com.autobolt.projector.progress.Results.ended;
import static com.autobolt.projector.progress.Results.pending;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.projector.progress.JobFixtures.JobRow;
import com.autobolt.projector.progress.ReferenceModel.ExpectedJob;
import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.ResultStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Generated streams of result events for many jobs (duplicates, late and conflicting events,
 * re-deliveries of earlier ranges, retries with higher attempts, cancels, consumers joining and
 * leaving) go through Kafka and the projector; the database must end exactly as the reference
 * model says. Set {@code -Dmodel.seed=N} to replay a failing run.
 */
class ProjectionModelIT {

    private static final ResultStatus[] OUTCOMES = {
        ResultStatus.SUBMITTED,
        ResultStatus.SUBMITTED,
        ResultStatus.SUBMITTED,
        ResultStatus.FAILED,
        ResultStatus.FAILED,
        ResultStatus.SKIPPED
    };

    private final long seed = Long.getLong("model.seed", System.nanoTime());
    private final Random random = new Random(seed);
    private final ReferenceModel model = new ReferenceModel();
    private final List<DirectoryResultReported> published = new ArrayList<>();
    private long tick;

    @Test
    void shouldLeaveExactlyTheRowsAndAggregatesTheReferenceModelComputes() {
        try (ProjectorHarness harness = new ProjectorHarness()) {
            ConfigurableApplicationContext first = harness.startProjector("--autobolt.projector.batch-size=37");
            Map<UUID, List<String>> jobs = new LinkedHashMap<>();
            for (int i = 0; i < 12; i++) {
                int directories = 3 + random.nextInt(10);
                UUID job = harness.fixtures.aPendingJob(directories);
                jobs.put(job, JobFixtures.directoryIds(directories));
                model.addJob(job, JobFixtures.directoryIds(directories));
            }

            Map<UUID, List<DirectoryResultReported>> firstAttempt = new LinkedHashMap<>();
            // The first jobs run every directory to an end and fail one, so retries always happen.
            jobs.forEach((job, dirs) -> firstAttempt.put(job, lifecycles(job, dirs, 1, firstAttempt.size() < 4)));
            publish(harness, firstHalves(firstAttempt));
            awaitModel(harness, jobs);

            for (UUID job : jobs.keySet()) {
                if (random.nextInt(5) == 0 && harness.fixtures.cancel(job) == 1) {
                    model.cancel(job);
                }
            }
            harness.startProjector("--autobolt.projector.batch-size=11");
            publish(harness, secondHalves(firstAttempt));
            publish(harness, redeliveredRange());
            awaitModel(harness, jobs);

            List<DirectoryResultReported> secondAttempt = new ArrayList<>();
            int retried = 0;
            for (UUID job : jobs.keySet()) {
                if (model.status(job).equals("failed") && harness.fixtures.retry(job) == 1) {
                    model.retry(job);
                    secondAttempt.addAll(lifecycles(job, model.failedDirectories(job), 2, false));
                    retried++;
                }
            }
            assertThat(retried).as("jobs retried (seed %d)", seed).isPositive();
            secondAttempt.addAll(redeliveredRange());
            publish(harness, secondAttempt.subList(0, secondAttempt.size() / 2));
            first.close();
            publish(harness, secondAttempt.subList(secondAttempt.size() / 2, secondAttempt.size()));
            awaitModel(harness, jobs);
        }
    }

    /** Every directory's events for one attempt, interleaved, with duplicates and late arrivals. */
    private List<DirectoryResultReported> lifecycles(
            UUID job, List<String> directories, int attempt, boolean endEveryDirectoryFailingOne) {
        List<List<DirectoryResultReported>> perDirectory = new ArrayList<>();
        for (String dir : directories) {
            List<DirectoryResultReported> events = new ArrayList<>();
            events.add(pending(job, dir, attempt, ++tick));
            String worker = "worker-" + random.nextInt(3);
            if (random.nextInt(10) < 9) {
                events.add(claimed(job, dir, attempt, ++tick, worker));
            }
            if (endEveryDirectoryFailingOne || random.nextInt(10) < 8) {
                ResultStatus outcome = endEveryDirectoryFailingOne && dir.equals(directories.get(0))
                        ? ResultStatus.FAILED
                        : OUTCOMES[random.nextInt(OUTCOMES.length)];
                events.add(ended(job, dir, attempt, outcome, ++tick, worker));
                if (random.nextInt(10) == 0) {
                    events.add(claimed(job, dir, attempt, ++tick, "worker-late"));
                }
                if (random.nextInt(20) == 0) {
                    events.add(ended(job, dir, attempt, ResultStatus.FAILED, ++tick, "worker-conflict"));
                }
            }
            perDirectory.add(events);
        }
        List<DirectoryResultReported> merged = new ArrayList<>();
        while (!perDirectory.isEmpty()) {
            List<DirectoryResultReported> next = perDirectory.get(random.nextInt(perDirectory.size()));
            merged.add(next.remove(0));
            if (random.nextInt(8) == 0) {
                merged.add(merged.get(random.nextInt(merged.size())));
            }
            perDirectory.removeIf(List::isEmpty);
        }
        return merged;
    }

    private static List<DirectoryResultReported> firstHalves(Map<UUID, List<DirectoryResultReported>> streams) {
        List<DirectoryResultReported> events = new ArrayList<>();
        streams.values().forEach(stream -> events.addAll(stream.subList(0, stream.size() / 2)));
        return events;
    }

    private static List<DirectoryResultReported> secondHalves(Map<UUID, List<DirectoryResultReported>> streams) {
        List<DirectoryResultReported> events = new ArrayList<>();
        streams.values().forEach(stream -> events.addAll(stream.subList(stream.size() / 2, stream.size())));
        return events;
    }

    /** A range of what was already published, as a consumer re-reads it after a crash. */
    private List<DirectoryResultReported> redeliveredRange() {
        int from = random.nextInt(published.size());
        int to = Math.min(published.size(), from + 1 + random.nextInt(60));
        return new ArrayList<>(published.subList(from, to));
    }

    private void publish(ProjectorHarness harness, List<DirectoryResultReported> events) {
        events.forEach(model::apply);
        published.addAll(events);
        harness.publishAll(events);
    }

    private void awaitModel(ProjectorHarness harness, Map<UUID, List<String>> jobs) {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            for (UUID job : jobs.keySet()) {
                assertThat(harness.fixtures.results(job))
                        .as("rows of job %s (seed %d)", job, seed)
                        .isEqualTo(model.rows(job));
                assertThat(asExpected(harness.fixtures.job(job)))
                        .as("aggregate of job %s (seed %d)", job, seed)
                        .isEqualTo(model.job(job));
            }
        });
    }

    private static ExpectedJob asExpected(JobRow row) {
        return new ExpectedJob(
                row.status(),
                row.attempt(),
                row.total(),
                row.done(),
                row.submitted(),
                row.failed(),
                row.skipped(),
                row.percent());
    }
}
