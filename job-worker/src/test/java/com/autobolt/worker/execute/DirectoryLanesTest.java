package com.autobolt.worker.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.schemas.BusinessProfile;
import com.autobolt.schemas.DirectoryTaskDispatched;
import com.autobolt.schemas.SubmissionMethod;
import com.autobolt.schemas.SubmissionSpec;
import com.autobolt.schemas.TaskId;
import com.autobolt.worker.config.Backoff;
import com.autobolt.worker.config.KafkaClients;
import com.autobolt.worker.submit.SubmissionOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
    private final Map<String, Integer> submissions = new ConcurrentHashMap<>();
    private final List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final OffsetTracker tracker = new OffsetTracker();
    private final CancelledJobs cancellations =
            new CancelledJobs(new KafkaClients("localhost:1"), "jobs", Duration.ofDays(1), Clock.systemUTC());
    private final DirectoryLanes lanes = new DirectoryLanes(
            new TaskRunner(
                    task -> {
                        order.add(task.taskId());
                        submissions.merge(task.taskId(), 1, Integer::sum);
                        awaitRelease(release);
                        return new SubmissionOutcome.Submitted(201, null, null);
                    },
                    directoryId -> java.util.Optional.empty(),
                    cancellations,
                    tracker,
                    new ConcurrentLinkedQueue<>(),
                    "results",
                    "worker",
                    4,
                    new Backoff(Duration.ofMillis(10), Duration.ofMillis(10)),
                    5,
                    Duration.ofSeconds(1),
                    Clock.systemUTC()),
            2,
            1000);

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

        await().atMost(Duration.ofSeconds(10))
                .until(() -> tracker.drainCommittable().outputs().size() > 0 && tracker.size() == 0);
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
        cancellations.cancelled(ofCancelledJob.event.jobId(), Instant.now());
        tracker.add(ofCancelledJob);
        lanes.enqueue(ofCancelledJob);

        assertThat(awaitResult()).contains("\"status\":\"skipped\"");
        assertThat(submissions).containsOnlyKeys(submitted.event.taskId());
    }

    /** The next task result the tracker lets out, as JSON. */
    private String awaitResult() {
        List<ProducerRecord<String, byte[]>> results = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            results.addAll(tracker.drainCommittable().outputs());
            return !results.isEmpty();
        });
        assertThat(results).hasSize(1);
        return new String(results.get(0).value(), StandardCharsets.UTF_8);
    }

    private static Task task(long offset, int priority) {
        return task(offset, priority, 0);
    }

    private static Task task(long offset, int priority, long minIntervalMs) {
        DirectoryTaskDispatched event = DirectoryTaskDispatched.of(
                new TaskId(UUID.randomUUID(), "one-directory", 1),
                UUID.randomUUID(),
                priority,
                new BusinessProfile("Bakery", "a@b.example", null, null, null, null, null, null, null, null, null),
                new SubmissionSpec(
                        "one-directory",
                        "One",
                        "http://one",
                        SubmissionMethod.FORM,
                        Map.of(),
                        minIntervalMs,
                        false,
                        false),
                Instant.now());
        return new Task(event, PARTITION, offset);
    }

    private static void awaitRelease(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
