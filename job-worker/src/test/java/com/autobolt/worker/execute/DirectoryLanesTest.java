package com.autobolt.worker.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.kafka.KafkaSettings;
import com.autobolt.kafka.observability.RecordTracing;
import com.autobolt.schemas.DirectoryState;
import com.autobolt.schemas.SubmissionMethod;
import com.autobolt.worker.breakers.BreakerTransitions;
import com.autobolt.worker.config.Backoff;
import com.autobolt.worker.config.KafkaClients;
import com.autobolt.worker.config.WorkerProperties;
import com.autobolt.worker.metrics.WorkerMetrics;
import com.autobolt.worker.submit.SubmissionOutcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DirectoryLanesTest {

    private static final TopicPartition PARTITION = new TopicPartition("tasks", 0);
    private final Map<String, DirectoryState> catalog = new ConcurrentHashMap<>();
    private final Map<String, Integer> submissions = new ConcurrentHashMap<>();
    private final Map<String, Long> submittedAt = new ConcurrentHashMap<>();
    private final List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicBoolean inTouchWithGroup =
            new java.util.concurrent.atomic.AtomicBoolean(true);
    private final OffsetTracker tracker = new OffsetTracker(Duration.ofMillis(1));
    private final CancelledJobs cancellations = new CancelledJobs(
            new KafkaClients(
                    KafkaSettings.plaintext("localhost:1"),
                    new WorkerProperties.Kafka(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(3))),
            "jobs",
            Duration.ofDays(1),
            Clock.systemUTC());
    private final WorkerMetrics metrics = new WorkerMetrics(new SimpleMeterRegistry(), 10);
    private final DirectoryLanes lanes = new DirectoryLanes(
            new TaskRunner(
                    task -> {
                        order.add(task.taskId());
                        submittedAt.put(task.taskId(), System.nanoTime());
                        submissions.merge(task.taskId(), 1, Integer::sum);
                        awaitRelease(release);
                        return new SubmissionOutcome.Submitted(201, null, null);
                    },
                    directoryId -> java.util.Optional.ofNullable(catalog.get(directoryId)),
                    cancellations,
                    tracker,
                    new ConcurrentLinkedQueue<>(),
                    "results",
                    "worker",
                    4,
                    new Backoff(Duration.ofMillis(10), Duration.ofMillis(10)),
                    5,
                    Duration.ofSeconds(1),
                    Clock.systemUTC(),
                    metrics,
                    RecordTracing.off(),
                    BreakerTransitions.NONE),
            2,
            1000,
            metrics,
            inTouchWithGroup::get);

    @AfterEach
    void stop() {
        lanes.close();
    }

    @Test
    void shouldRunEveryTaskOfADirectoryOnceAndPriorityTasksFirst() {
        Task running = task(0, 4);
        tracker.add(running);
        lanes.enqueue(running);
        await().atMost(Duration.ofSeconds(10)).until(() -> !order.isEmpty());
        Task normal = task(1, 4);
        Task urgent = task(2, 1);
        tracker.add(normal);
        tracker.add(urgent);
        lanes.enqueue(normal);
        lanes.enqueue(urgent);

        release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> drain().outputs().size() > 0 && tracker.size() == 0);
        assertThat(order).containsExactly(running.event.taskId(), urgent.event.taskId(), normal.event.taskId());
        assertThat(submissions).allSatisfy((task, count) -> assertThat(count).isEqualTo(1));
    }

    @Test
    void shouldSkipATaskOfACancelledJobWithoutWaitingForTheDirectorysInterval() {
        release.countDown();
        Task submitted = task(0, 4, 60_000);
        tracker.add(submitted);
        lanes.enqueue(submitted);
        assertThat(awaitResult()).contains("\"status\":\"submitted\"");

        // The directory's next turn is a minute away; skipping needs none.
        Task ofCancelledJob = task(1, 4, 60_000);
        cancellations.cancelled(ofCancelledJob.event.jobId(), ofCancelledJob.event.attempt(), Instant.now());
        tracker.add(ofCancelledJob);
        lanes.enqueue(ofCancelledJob);

        assertThat(awaitResult()).contains("\"status\":\"skipped\"");
        assertThat(submissions).containsOnlyKeys(submitted.event.taskId());
    }

    @Test
    void shouldNeverRunATaskMovedWhileItWaitedAndKeepTheDirectorysIntervalForItsCopy() throws Exception {
        release.countDown();
        Task first = task(0, 4, 1500);
        tracker.add(first);
        lanes.enqueue(first);
        assertThat(awaitResult()).contains("\"status\":\"submitted\"");
        Task waiting = task(1, 4, 1500);
        tracker.add(waiting);
        lanes.enqueue(waiting);
        Thread.sleep(5);

        // The flush moves it while its lane waits out the directory's interval.
        assertThat(tracker.drainCommittable(System.nanoTime(), Set.of(PARTITION))
                        .moved())
                .containsExactly(waiting);

        // Read again before the interval has passed: the copy waits for the rest of it, and the task runs once.
        Thread.sleep(300);
        Task copy = TestTasks.read(waiting.event, PARTITION, 2);
        tracker.add(copy);
        lanes.enqueue(copy);
        assertThat(awaitResult()).contains("\"status\":\"submitted\"");
        assertThat(submissions)
                .containsOnlyKeys(first.event.taskId(), waiting.event.taskId())
                .allSatisfy((task, count) -> assertThat(count).isEqualTo(1));
        // The lane marks a submission's start just before calling the submitter, which notes the time a
        // moment later: allow that moment (measured 0.7 ms once on a loaded machine), not the interval.
        assertThat(Duration.ofNanos(submittedAt.get(waiting.event.taskId()) - submittedAt.get(first.event.taskId())))
                .isGreaterThanOrEqualTo(Duration.ofMillis(1450));
    }

    @Test
    void shouldWaitTheIntervalTheCatalogSaysNowNotTheOneTheClaimCarried() {
        release.countDown();
        Instant now = Instant.now();
        // Dispatched with no interval; since then an admin set one of a minute.
        catalog.put(
                "one-directory",
                new DirectoryState(
                        "one-directory",
                        "One directory",
                        null,
                        null,
                        "https://dir.example/submit",
                        SubmissionMethod.FORM,
                        Map.of(),
                        50,
                        true,
                        60_000,
                        false,
                        false,
                        now,
                        now));
        Task first = task(0, 4);
        tracker.add(first);
        lanes.enqueue(first);
        assertThat(awaitResult()).contains("\"status\":\"submitted\"");
        Task second = task(1, 4);
        tracker.add(second);
        lanes.enqueue(second);

        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(2))
                .until(() -> !submissions.containsKey(second.event.taskId()));
    }

    @Test
    void shouldDropMovedTasksFromTheirLane() throws Exception {
        release.countDown();
        Task first = task(0, 4, 60_000);
        tracker.add(first);
        lanes.enqueue(first);
        assertThat(awaitResult()).contains("\"status\":\"submitted\"");
        List<Task> waiting = new ArrayList<>();
        for (int offset = 1; offset <= 3; offset++) {
            Task task = task(offset, 4, 60_000);
            tracker.add(task);
            lanes.enqueue(task);
            waiting.add(task);
        }
        Thread.sleep(5);
        List<Task> moved =
                tracker.drainCommittable(System.nanoTime(), Set.of(PARTITION)).moved();
        assertThat(moved).containsExactlyElementsOf(waiting);

        lanes.removeMoved(moved);

        assertThat(lanes.queued("one-directory")).isZero();
    }

    @Test
    void shouldPublishTheResultAgainWithoutASecondSubmissionWhenItsTransactionNeverCommitted() {
        release.countDown();
        Task task = task(0, 4);
        tracker.add(task);
        lanes.enqueue(task);
        String first = awaitResult();
        // The transaction holding that result fails (a broker lost, the coordinator fenced it): the session
        // forgets its partitions and reads the task again from the last committed offset.
        tracker.forget(List.of(PARTITION));
        Task again = TestTasks.read(task.event, PARTITION, 0);
        tracker.add(again);
        lanes.enqueue(again);

        assertThat(awaitResult()).isEqualTo(first);
        assertThat(submissions).containsExactly(Map.entry(task.taskId(), 1));
    }

    @Test
    void shouldSubmitAgainATaskReadAgainAfterItsResultCommitted() {
        release.countDown();
        Task task = task(0, 4);
        tracker.add(task);
        lanes.enqueue(task);
        List<ProducerRecord<String, byte[]>> results = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            OffsetTracker.Committable committable = drain();
            results.addAll(committable.outputs());
            tracker.confirm(committable.finished());
            return !results.isEmpty();
        });
        // A reconciler's claim after the commit: the documented rule is a new run with the same key.
        Task again = TestTasks.read(task.event, PARTITION, 1);
        tracker.add(again);
        lanes.enqueue(again);

        awaitResult();
        assertThat(submissions).containsExactly(Map.entry(task.taskId(), 2));
    }

    @Test
    void shouldStartNoTaskWhileTheExecutorIsOutOfTouchWithItsGroup() throws Exception {
        release.countDown();
        // A worker resumed after a pause past the session timeout: its poll loop has not heard yet that the group
        // gave its partitions away.
        inTouchWithGroup.set(false);
        Task task = task(0, 4);
        tracker.add(task);
        lanes.enqueue(task);
        Thread.sleep(500);
        assertThat(submissions).isEmpty();

        // It polled: the partition is still its own (a lost one would have been handed back meanwhile).
        inTouchWithGroup.set(true);
        assertThat(awaitResult()).contains("\"status\":\"submitted\"");
        assertThat(submissions).containsExactly(Map.entry(task.taskId(), 1));
    }

    /** The next task result the tracker lets out, as JSON. */
    private String awaitResult() {
        List<ProducerRecord<String, byte[]>> results = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            results.addAll(drain().outputs());
            return !results.isEmpty();
        });
        assertThat(results).hasSize(1);
        return new String(results.get(0).value(), StandardCharsets.UTF_8);
    }

    private static Task task(long offset, int priority) {
        return task(offset, priority, 0);
    }

    private static Task task(long offset, int priority, long minIntervalMs) {
        return TestTasks.task(PARTITION, offset, "one-directory", priority, minIntervalMs);
    }

    private OffsetTracker.Committable drain() {
        return tracker.drainCommittable(System.nanoTime(), Set.of());
    }

    private static void awaitRelease(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
