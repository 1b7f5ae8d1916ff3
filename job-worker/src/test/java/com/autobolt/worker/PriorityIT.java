package com.autobolt.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.sandbox.SiteBehaviour;
import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.JobState;
import com.autobolt.schemas.ResultStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A busy executor with a backlog of both priorities, on a real broker and the sandbox. */
class PriorityIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private final WorkerTestKit kit = new WorkerTestKit();

    @AfterEach
    void stop() {
        kit.close();
    }

    @Test
    void shouldTakePriorityTasksBeforeTheBacklogWithoutStarvingIt() {
        kit.sandbox.configureDefault(SiteBehaviour.ok().withLatency(20));
        List<String> directories = kit.publishDirectories("prio", 20);
        kit.startWorker("dispatch-only", "autobolt.worker.executor.enabled=false");
        List<JobState> backlog =
                List.of(kit.createJob(directories, 4), kit.createJob(directories, 5), kit.createJob(directories, 3));
        JobState urgent = kit.createJob(directories.subList(0, 10), 1);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(kit.results())
                        .filteredOn(r -> r.status() == ResultStatus.PENDING)
                        .hasSize(70));

        kit.startWorker(
                "executor-only", "autobolt.worker.dispatcher.enabled=false", "autobolt.worker.executor.threads=1");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(kit.results())
                        .filteredOn(r -> r.status().isTerminal())
                        .hasSize(70));

        Instant lastUrgent = kit.terminalResults(urgent.id()).stream()
                .map(DirectoryResultReported::occurredAt)
                .max(Instant::compareTo)
                .orElseThrow();
        List<Instant> backlogDone = backlog.stream()
                .flatMap(job -> kit.terminalResults(job.id()).stream())
                .map(DirectoryResultReported::occurredAt)
                .sorted()
                .toList();
        assertThat(backlogDone).hasSize(60);
        assertThat(lastUrgent)
                .as("the urgent job finished before most of the backlog")
                .isBefore(backlogDone.get(30));
    }
}
