package com.autobolt.worker.execute;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private static final TopicPartition PARTITION = new TopicPartition("tasks", 0);
    private static final Duration BOUND = Duration.ofSeconds(30);
    private final OffsetTracker tracker = new OffsetTracker(BOUND);

    @Test
    void shouldCommitOnlyTheFinishedTasksThatNoUnfinishedOnePrecedes() {
        Task first = task(10);
        Task second = task(11);
        Task third = task(12);
        List.of(first, second, third).forEach(tracker::add);

        tracker.finish(second, result("second"));
        tracker.finish(third, result("third"));
        assertThat(drain(now()).isEmpty()).isTrue();

        tracker.finish(first, result("first"));
        OffsetTracker.Committable committable = drain(now());

        assertThat(committable.outputs()).extracting(ProducerRecord::key).containsExactly("first", "second", "third");
        assertThat(committable.offsets().get(PARTITION).offset()).isEqualTo(13);
        assertThat(tracker.size()).isZero();
    }

    @Test
    void shouldIgnoreTheResultOfATaskHandedBackMeanwhile() {
        Task old = task(10);
        tracker.add(old);
        tracker.forget(List.of(PARTITION));
        Task redelivered = TestTasks.read(old.event, PARTITION, 10);
        assertThat(tracker.add(redelivered))
                .as("no longer held: not a duplicate")
                .isTrue();

        tracker.finish(old, result("old"));

        assertThat(old.abandoned).isTrue();
        assertThat(drain(now()).isEmpty()).isTrue();
    }

    @Test
    void shouldMoveAWaitingTaskThatHoldsBackFinishedWorkOnceTheBoundHasPassed() {
        Task waiting = task(10);
        Task fast = task(11);
        tracker.add(waiting);
        tracker.add(fast);
        tracker.finish(fast, result("fast"));

        assertThat(drain(waiting.readNanos + BOUND.toNanos() - 1).isEmpty())
                .as("not before the bound")
                .isTrue();
        OffsetTracker.Committable committable = drain(waiting.readNanos + BOUND.toNanos());

        assertThat(committable.moved()).containsExactly(waiting);
        assertThat(committable.outputs()).hasSize(2);
        ProducerRecord<String, byte[]> copy = committable.outputs().get(0);
        assertThat(copy.topic()).isEqualTo(PARTITION.topic());
        assertThat(copy.partition()).isEqualTo(PARTITION.partition());
        assertThat(copy.key()).isEqualTo(waiting.directoryId());
        assertThat(new String(copy.value(), StandardCharsets.UTF_8)).contains(waiting.taskId());
        assertThat(committable.outputs().get(1).key()).isEqualTo("fast");
        assertThat(committable.offsets().get(PARTITION).offset()).isEqualTo(12);
        assertThat(waiting.start()).as("a moved task never runs").isFalse();
        assertThat(tracker.size()).isZero();
    }

    @Test
    void shouldKeepTheHeadersOfAMovedClaimEvent() {
        Task waiting = new Task(
                task(10).event,
                new ConsumerRecord<>(
                        PARTITION.topic(),
                        PARTITION.partition(),
                        10,
                        0L,
                        TimestampType.CREATE_TIME,
                        0,
                        0,
                        "dir",
                        new byte[] {1},
                        new RecordHeaders(List.of(new RecordHeader("trace", new byte[] {7}))),
                        Optional.empty()));
        tracker.add(waiting);

        OffsetTracker.Committable committable = drain(waiting.readNanos + BOUND.toNanos(), true);

        ProducerRecord<String, byte[]> copy = committable.outputs().get(0);
        assertThat(copy.value()).containsExactly(1);
        assertThat(copy.headers().lastHeader("trace").value()).containsExactly(7);
    }

    @Test
    void shouldNotMoveAWaitingTaskThatHoldsNothingBackUnlessItsPartitionIsFull() {
        Task waiting = task(10);
        tracker.add(waiting);
        long late = waiting.readNanos + BOUND.toNanos();

        assertThat(drain(late).isEmpty()).isTrue();
        assertThat(drain(late, true).moved()).containsExactly(waiting);
    }

    @Test
    void shouldNeverMoveATaskThatStarted() {
        Task started = task(10);
        Task fast = task(11);
        tracker.add(started);
        tracker.add(fast);
        tracker.finish(fast, result("fast"));
        assertThat(started.start()).isTrue();

        assertThat(drain(started.readNanos + BOUND.toNanos(), true).isEmpty()).isTrue();
    }

    /** The lane's turn (start) and the flush (move) race for every task: exactly one of the two wins. */
    @Test
    void shouldEitherRunOrMoveAWaitingTaskNeverBoth() throws Exception {
        OffsetTracker racing = new OffsetTracker(Duration.ofNanos(1));
        ExecutorService lane = Executors.newSingleThreadExecutor();
        try {
            int ran = 0;
            int moved = 0;
            for (int i = 0; i < 2_000; i++) {
                Task task = task(i);
                racing.add(task);
                CountDownLatch go = new CountDownLatch(1);
                Future<Boolean> started = lane.submit(() -> {
                    go.await();
                    return task.start();
                });
                go.countDown();
                List<Task> movedNow = new ArrayList<>(racing.drainCommittable(System.nanoTime(), Set.of(PARTITION))
                        .moved());
                boolean run = started.get();
                if (run) {
                    racing.finish(task, result("done"));
                    racing.drainCommittable(System.nanoTime(), Set.of());
                }
                assertThat(run && !movedNow.isEmpty())
                        .as("task %d ran and moved", i)
                        .isFalse();
                assertThat(run || !movedNow.isEmpty())
                        .as("task %d neither ran nor moved", i)
                        .isTrue();
                ran += run ? 1 : 0;
                moved += movedNow.size();
            }
            assertThat(racing.size()).isZero();
            System.out.printf("start/move race: %d ran, %d moved%n", ran, moved);
        } finally {
            lane.shutdownNow();
        }
    }

    @Test
    void shouldCompleteARepeatedClaimOfAHeldTaskWithoutRunningItAgain() {
        Task original = task(10);
        Task repeat = TestTasks.read(original.event, PARTITION, 11);
        assertThat(tracker.add(original)).isTrue();

        assertThat(tracker.add(repeat)).as("held already: not to be run").isFalse();
        tracker.finish(original, result("original"));
        OffsetTracker.Committable committable = drain(now());

        assertThat(committable.outputs()).extracting(ProducerRecord::key).containsExactly("original");
        assertThat(committable.offsets().get(PARTITION).offset()).isEqualTo(12);
        assertThat(tracker.size()).isZero();
        assertThat(tracker.add(TestTasks.read(original.event, PARTITION, 12)))
                .as("committed, no longer held")
                .isTrue();
    }

    @Test
    void shouldNameThePartitionsHoldingAtLeastSoManyTasks() {
        TopicPartition other = new TopicPartition("tasks", 1);
        tracker.add(task(10));
        tracker.add(task(11));
        tracker.add(TestTasks.task(other, 5, "dir", 3, 0));

        assertThat(tracker.holdingAtLeast(2)).containsExactly(PARTITION);
        assertThat(tracker.holdingAtLeast(1)).containsExactlyInAnyOrder(PARTITION, other);
    }

    private OffsetTracker.Committable drain(long nowNanos) {
        return drain(nowNanos, false);
    }

    private OffsetTracker.Committable drain(long nowNanos, boolean partitionFull) {
        return tracker.drainCommittable(nowNanos, partitionFull ? Set.of(PARTITION) : Set.of());
    }

    private static long now() {
        return System.nanoTime();
    }

    private static Task task(long offset) {
        return TestTasks.task(PARTITION, offset, "dir", 3, 0);
    }

    private static ProducerRecord<String, byte[]> result(String key) {
        return new ProducerRecord<>("results", key, new byte[0]);
    }
}
