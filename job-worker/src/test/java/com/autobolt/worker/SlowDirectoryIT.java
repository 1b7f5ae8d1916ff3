package com.autobolt.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.sandbox.SiteBehaviour;
import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.DirectoryState;
import com.autobolt.schemas.DirectoryTaskDispatched;
import com.autobolt.schemas.ResultStatus;
import com.autobolt.testinfra.TestInfrastructure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A directory that may be submitted to once an hour, with 2,000 tasks queued, on the same partition
 * as fast directories: the fast ones' results are published within seconds (the waiting tasks are
 * moved out of their way), and after a worker is killed with SIGKILL nothing it had finished is
 * submitted again. Claim events are published directly (no dispatcher), the first worker runs in a
 * JVM of its own.
 */
class SlowDirectoryIT {

    private static final int SLOW_TASKS = 2_000;
    private static final int FAST_DIRECTORIES = 10;
    private static final int TASKS_PER_FAST_DIRECTORY = 20;
    private static final int MAX_IN_FLIGHT = 1_000;
    private static final Duration MOVE_AFTER = Duration.ofSeconds(2);
    private static final String[] EXECUTOR_ONLY = {
        "autobolt.worker.dispatcher.enabled=false",
        "autobolt.worker.executor.threads=4",
        "autobolt.worker.executor.max-in-flight=" + MAX_IN_FLIGHT,
        "autobolt.worker.executor.move-waiting-after=" + MOVE_AFTER.toMillis() + "ms"
    };

    private final WorkerTestKit kit = new WorkerTestKit();

    @AfterEach
    void stop() {
        kit.close();
    }

    @Test
    void shouldPublishFastResultsBesideAnHourlyDirectoryAndRedoNothingFinishedAfterAKill() throws Exception {
        DirectoryState slow = kit.directory("hourly", Duration.ofHours(1).toMillis(), true, false, false);
        List<DirectoryState> fast = sharingThePartitionOf(slow.id());
        Process first = kit.startWorkerProcess("slow-a", Path.of("target/slow-directory-worker-a.log"), EXECUTOR_ONLY);
        DirectoryTaskDispatched warmUp = kit.publishClaim(fast.get(0), 3);
        await().atMost(Duration.ofSeconds(120)).until(() -> terminal(Set.of(warmUp.taskId())) == 1);

        for (int i = 0; i < SLOW_TASKS; i++) {
            kit.publishClaim(slow, 3);
        }
        long published = System.nanoTime();
        List<String> fastTasks = new ArrayList<>();
        for (int i = 0; i < TASKS_PER_FAST_DIRECTORY; i++) {
            fast.forEach(
                    directory -> fastTasks.add(kit.publishClaim(directory, 3).taskId()));
        }
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> terminal(Set.copyOf(fastTasks)) == fastTasks.size());
        double fastSeconds = (System.nanoTime() - published) / 1e9;

        assertThat(submissionsTo(slow.id())).as("one an hour").isEqualTo(1);
        // Nothing holds them back but the wait for the bound (and, while the 2,000 fill the instance, the
        // moves that make room): seconds, not the hour the slow directory's second task waits.
        assertThat(fastSeconds).isLessThan(30);
        double movesPerSecond = claimEventsPerSecond(slow.id(), Duration.ofSeconds(10));
        System.out.printf(
                Locale.ROOT,
                "fast results %.1f s after publishing; waiting tasks moved %.0f/s (bound %s, max-in-flight %d)%n",
                fastSeconds,
                movesPerSecond,
                MOVE_AFTER,
                MAX_IN_FLIGHT);
        // At most every held task once per bound: no hot loop.
        assertThat(movesPerSecond).isLessThan(1.5 * MAX_IN_FLIGHT / MOVE_AFTER.toSeconds());

        // Everything it submitted was committed: killed now, the next worker redoes none of it.
        first.destroyForcibly().waitFor();
        kit.startWorker("slow-b", EXECUTOR_ONLY);
        await().atMost(Duration.ofSeconds(90)).until(() -> submissionsTo(slow.id()) == 2);
        Thread.sleep(3_000);

        Map<String, Long> submittedTwice = kit.sandbox.submissionsPerKey().entrySet().stream()
                .filter(entry -> entry.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(submittedTwice).as("re-submissions after the kill").isEmpty();
        assertThat(submissionsTo(slow.id()))
                .as("the second worker's first, an hour before the next")
                .isEqualTo(2);
    }

    @Test
    void shouldKeepReadingOtherPartitionsWhileOneIsFullOfWaitingTasks() {
        DirectoryState slow = kit.directory("hourly", Duration.ofHours(1).toMillis(), true, false, false);
        kit.startWorker(
                "full-a",
                "autobolt.worker.dispatcher.enabled=false",
                "autobolt.worker.executor.max-in-flight=100",
                // Nothing is moved during the test: the slow partition stays full.
                "autobolt.worker.executor.move-waiting-after=1h");
        for (int i = 0; i < 300; i++) {
            kit.publishClaim(slow, 3);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> submissionsTo(slow.id()) == 1);

        DirectoryState elsewhere = onAnotherPartitionThan(slow.id());
        List<String> fastTasks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            fastTasks.add(kit.publishClaim(elsewhere, 3).taskId());
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> terminal(Set.copyOf(fastTasks)) == fastTasks.size());
    }

    @Test
    void shouldCompleteARepeatedClaimOfATaskItIsRunningWithoutRunningItAgain() {
        DirectoryState site = kit.directory("repeated", 0, true, false, false);
        kit.sandbox.configure(site.id(), SiteBehaviour.ok().withLatency(1500));
        kit.startWorker("repeat-a", EXECUTOR_ONLY);
        DirectoryTaskDispatched claim = kit.publishClaim(site, 3);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> kit.sandbox.submissionsPerKey().containsKey(claim.taskId()));

        // A reconciler thinks it stuck and publishes its claim again, while the submission is under way.
        kit.publishClaim(claim);

        await().atMost(Duration.ofSeconds(60))
                .during(Duration.ofSeconds(3))
                .until(() -> terminal(Set.of(claim.taskId())) == 1);
        assertThat(kit.sandbox.submissionsPerKey()).containsEntry(claim.taskId(), 1L);
        assertThat(kit.results(claim.jobId(), result -> true))
                .extracting(DirectoryResultReported::status)
                .containsExactly(ResultStatus.CLAIMED, ResultStatus.SUBMITTED);
    }

    /** Directories whose claim events share the task partition of this one. */
    private List<DirectoryState> sharingThePartitionOf(String directoryId) {
        int partition = WorkerTestKit.taskPartitionOf(directoryId);
        List<DirectoryState> directories = new ArrayList<>();
        for (int i = 0; directories.size() < FAST_DIRECTORIES; i++) {
            String id = "fast-" + i;
            if (WorkerTestKit.taskPartitionOf(id) == partition) {
                directories.add(kit.directory(id, 0, true, false, false));
            }
        }
        return directories;
    }

    private DirectoryState onAnotherPartitionThan(String directoryId) {
        int partition = WorkerTestKit.taskPartitionOf(directoryId);
        for (int i = 0; ; i++) {
            String id = "elsewhere-" + i;
            if (WorkerTestKit.taskPartitionOf(id) != partition) {
                return kit.directory(id, 0, true, false, false);
            }
        }
    }

    private long terminal(Set<String> taskIds) {
        return kit.results().stream()
                .filter(result -> result.status().isTerminal() && taskIds.contains(result.taskId()))
                .count();
    }

    private long submissionsTo(String directoryId) {
        return kit.sandbox.submissions().stream()
                .filter(submission -> submission.directoryId().equals(directoryId))
                .count();
    }

    /** How fast the directory's task partition grows while nothing new is published: moved claim events. */
    private double claimEventsPerSecond(String directoryId, Duration over) throws InterruptedException {
        TopicPartition partition = new TopicPartition(kit.tasks, WorkerTestKit.taskPartitionOf(directoryId));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafka().bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
            long before = consumer.endOffsets(List.of(partition)).get(partition);
            long started = System.nanoTime();
            Thread.sleep(over.toMillis());
            long after = consumer.endOffsets(List.of(partition)).get(partition);
            return (after - before) / ((System.nanoTime() - started) / 1e9);
        }
    }
}
