package com.autobolt.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.sandbox.SiteBehaviour;
import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.JobState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Several workers side by side in one JVM, on a real broker, against the sandbox over real HTTP. */
class WorkerFailoverIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private final WorkerTestKit kit = new WorkerTestKit();

    @AfterEach
    void stop() {
        kit.close();
    }

    @Test
    void shouldLetAnotherWorkerFinishTheJobOfAWorkerStoppedInTheMiddle() {
        // Slow enough that the 40 tasks left after the first 10 take seconds: the stop must land in the
        // middle of the job even when the results topic is read late on a loaded machine.
        kit.sandbox.configureDefault(SiteBehaviour.ok().withLatency(300));
        List<String> directories = kit.publishDirectories("failover", 50);
        ConfigurableApplicationContext first = kit.startWorker("worker-a", "autobolt.worker.executor.threads=4");
        kit.startWorker("worker-b", "autobolt.worker.executor.threads=4");
        JobState job = kit.createJob(directories, 3);
        await().atMost(WAIT).until(() -> kit.terminalResults(job.id()).size() >= 10);

        first.close();

        await().atMost(WAIT)
                .during(Duration.ofSeconds(3))
                .until(() -> kit.terminalResults(job.id()).size() == 50);
        List<DirectoryResultReported> terminal = kit.terminalResults(job.id());
        Map<String, Long> terminalPerTask = terminal.stream()
                .collect(Collectors.groupingBy(DirectoryResultReported::taskId, Collectors.counting()));
        assertThat(terminalPerTask)
                .hasSize(50)
                .allSatisfy((task, count) ->
                        assertThat(count).as("terminal results of %s", task).isEqualTo(1L));
        assertThat(terminal).extracting(DirectoryResultReported::workerId).contains("worker-b");
        Map<String, Long> submissions = kit.submissionsPerKey(job.id());
        assertThat(submissions)
                .hasSize(50)
                .allSatisfy((key, count) ->
                        assertThat(count).as("submissions of %s", key).isBetween(1L, 2L));
    }

    @Test
    void shouldNeverRunOneDirectoryOnTwoWorkersAtOnce() {
        kit.sandbox.configureDefault(SiteBehaviour.ok().withLatency(20));
        List<String> directories = kit.publishDirectories("exclusive", 4);
        kit.startWorker("worker-c", "autobolt.worker.executor.threads=4");
        kit.startWorker("worker-d", "autobolt.worker.executor.threads=4");
        List<JobState> jobs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            jobs.add(kit.createJob(directories, i % 2 == 0 ? 1 : 4));
        }

        await().atMost(WAIT)
                .until(() -> jobs.stream()
                        .allMatch(job -> kit.terminalResults(job.id()).size() == 4));

        assertThat(kit.sandbox.maxConcurrentRequestsPerDirectory()).isEqualTo(1);
    }
}
