package com.autobolt.projector.progress;

import static com.autobolt.projector.progress.Results.claimed;
import static com.autobolt.projector.progress.Results.ended;
import static com.autobolt.projector.progress.Results.pending;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.projector.ProgressProjectorApplication;
import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.ResultStatus;
import com.autobolt.testinfra.process.TestJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A projector process killed with SIGKILL in the middle of a stream, then replaced, must leave the
 * database byte for byte as an uninterrupted projector does with the same events.
 */
class ProjectorCrashIT {

    private static final int JOBS = 30;
    private static final int DIRECTORIES = 15;
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void shouldEndIdenticalToAnUninterruptedRunAfterAKill() throws Exception {
        try (ProjectorHarness crashing = new ProjectorHarness();
                ProjectorHarness uninterrupted = crashing.sharingTopic()) {
            List<UUID> jobs = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                UUID job = crashing.fixtures.aPendingJob(DIRECTORIES);
                uninterrupted.fixtures.aPendingJob(job, DIRECTORIES);
                jobs.add(job);
            }
            List<DirectoryResultReported> stream = stream(jobs, new Random(42));
            int half = stream.size() / 2;

            Process process = startProjectorProcess(crashing);
            try {
                crashing.publishAll(stream.subList(0, half));
                await().atMost(WAIT).until(() -> terminalRows(crashing) > 0);
                crashing.publishAll(stream.subList(half, half + stream.size() / 4));
            } finally {
                process.destroyForcibly().waitFor();
            }
            assertThat(terminalRows(crashing))
                    .as("killed in the middle of the stream")
                    .isLessThan(JOBS * DIRECTORIES);

            crashing.publishAll(stream.subList(half + stream.size() / 4, stream.size()));
            crashing.startProjector("--autobolt.projector.batch-size=50");
            uninterrupted.startProjector("--autobolt.projector.batch-size=500");

            await().atMost(WAIT)
                    .until(() -> terminalRows(crashing) == JOBS * DIRECTORIES
                            && terminalRows(uninterrupted) == JOBS * DIRECTORIES);
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(dumpResults(crashing)).isEqualTo(dumpResults(uninterrupted));
                assertThat(dumpJobs(crashing)).isEqualTo(dumpJobs(uninterrupted));
            });
        }
    }

    private static List<DirectoryResultReported> stream(List<UUID> jobs, Random random) {
        List<DirectoryResultReported> events = new ArrayList<>();
        long tick = 0;
        for (String dir : JobFixtures.directoryIds(DIRECTORIES)) {
            for (UUID job : jobs) {
                events.add(pending(job, dir, 1, ++tick));
            }
        }
        ResultStatus[] outcomes = {ResultStatus.SUBMITTED, ResultStatus.FAILED, ResultStatus.SKIPPED};
        for (String dir : JobFixtures.directoryIds(DIRECTORIES)) {
            for (UUID job : jobs) {
                String worker = "worker-" + random.nextInt(4);
                events.add(claimed(job, dir, 1, ++tick, worker));
                events.add(ended(job, dir, 1, outcomes[random.nextInt(3)], ++tick, worker));
                if (random.nextInt(10) == 0) {
                    events.add(events.get(random.nextInt(events.size())));
                }
            }
        }
        return events;
    }

    private static Process startProjectorProcess(ProjectorHarness harness) throws IOException {
        return TestJvm.start(
                ProgressProjectorApplication.class,
                "256m",
                Path.of("target/projector-crash-process.log"),
                List.of(harness.projectorArguments("--autobolt.projector.batch-size=7")));
    }

    private static int terminalRows(ProjectorHarness harness) {
        return harness.jdbc.queryForObject(
                "SELECT count(*) FROM job_results WHERE status IN ('submitted', 'failed', 'skipped')", Integer.class);
    }

    private static List<Map<String, Object>> dumpResults(ProjectorHarness harness) {
        return harness.jdbc.queryForList("SELECT job_id, directory_id, status, attempt, worker_id, claimed_at, "
                + "submitted_at, updated_at, listing_url, error_code, error_message, evidence::text, duration_ms "
                + "FROM job_results ORDER BY job_id, directory_id");
    }

    private static List<Map<String, Object>> dumpJobs(ProjectorHarness harness) {
        return harness.jdbc.queryForList("SELECT id, status, attempt, progress_total, progress_done, "
                + "progress_submitted, progress_failed, progress_skipped, progress_percent, started_at, completed_at, "
                + "error_message FROM jobs ORDER BY id");
    }
}
