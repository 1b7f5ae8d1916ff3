package com.autobolt.worker.execute;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Tasks finish out of order (different directories run in parallel, retries wait), but an offset
 * commit covers everything before it. A finished task's result is therefore held back until every
 * earlier task of its partition has finished too, and is then committed together with the offset
 * that covers it: a result on the results topic means its task is never delivered again.
 *
 * <p>A task that waits for its directory (a long minimum interval, an open breaker, a long lane
 * ahead of it) would hold back everything behind it, and fill its partition's room so that nothing
 * more is read from it. So a task that has never started and was read at least {@code
 * moveWaitingAfter} ago is <em>moved</em> when it is first in its partition and either finished work
 * waits behind it or its partition is full: its claim event is published again, as read, to its own
 * topic and partition, in the same transaction as the offset that passes it. It is read again later
 * (and waits again, the directory's state being kept in memory); a copy is not moved before the
 * bound has passed since it was read again, so each waiting task is published at most once per bound.
 *
 * <p>A claim event for a task this instance already holds (queued, running, or finished and not yet
 * committed) is a duplicate (a reconciler re-published it): it completes at once, without running
 * and without a result.
 *
 * <p>A terminal result is remembered by task id until the transaction that publishes it has committed
 * ({@link #confirm}), whatever happens to its partition meanwhile. A transaction that fails (a broker
 * lost, the transaction timed out on an overloaded machine and the coordinator fenced it) takes its
 * results and offsets with it, and the next session reads those tasks again; the runner then publishes
 * the remembered result instead of submitting the listing a second time ({@link #finishedBefore}). Found
 * by the nemesis soak: every fenced executor transaction sent its finished tasks to their sites again.
 * Only a task that moves to another instance (or a crash of this one) is submitted again.
 */
final class OffsetTracker {

    private final long moveWaitingAfterNanos;
    private final Map<TopicPartition, Slots> partitions = new HashMap<>();
    /** Tasks held, by task id, until their offset is committed or handed back. */
    private final Map<String, Task> held = new HashMap<>();
    /**
     * Terminal results by task id until their transaction commits; the oldest go first beyond
     * {@link #UNCONFIRMED_LIMIT} (results of tasks whose partitions went to another instance, never read
     * here again).
     */
    private final Map<String, ProducerRecord<String, byte[]>> unconfirmed = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ProducerRecord<String, byte[]>> eldest) {
            return size() > UNCONFIRMED_LIMIT;
        }
    };

    /** About 1 KB a result: a few MB at most. */
    static final int UNCONFIRMED_LIMIT = 5_000;

    private int size;

    OffsetTracker(Duration moveWaitingAfter) {
        this.moveWaitingAfterNanos = moveWaitingAfter.toNanos();
    }

    /**
     * Holds the task until its offset is committed.
     *
     * @return false when its task is held already: it is then complete, to be committed with no output
     */
    synchronized boolean add(Task task) {
        Slots slots = slots(task.partition);
        Task holder = held.putIfAbsent(task.taskId(), task);
        if (holder != null) {
            slots.put(task.offset, Slot.finished(null, null));
            return false;
        }
        slots.put(task.offset, new Slot(task));
        return true;
    }

    /** A record that needs no processing (a dead letter): finished on arrival. */
    synchronized void addFinished(TopicPartition partition, long offset, ProducerRecord<String, byte[]> output) {
        slots(partition).put(offset, Slot.finished(null, output));
    }

    /**
     * Records the task's terminal result, unless the task was handed back meanwhile; either way the result
     * is remembered until its commit is confirmed.
     */
    synchronized void finish(Task task, ProducerRecord<String, byte[]> result) {
        if (result != null) {
            unconfirmed.put(task.taskId(), result);
        }
        Slots slots = partitions.get(task.partition);
        Slot slot = slots == null ? null : slots.byOffset.get(task.offset);
        if (slot != null && slot.task == task) {
            if (!slot.finished) {
                slots.finished++;
            }
            slot.finish(result);
        }
    }

    /**
     * Removes every finished task that no unfinished one precedes, with the offsets to commit,
     * moving waiting tasks out of the way as described above.
     *
     * @param full partitions that hold as many tasks as they may: their waiting tasks are moved past the
     *     bound even with nothing finished behind them, to make room
     */
    synchronized Committable drainCommittable(long nowNanos, Set<TopicPartition> full) {
        List<ProducerRecord<String, byte[]>> outputs = new ArrayList<>();
        List<Task> moved = new ArrayList<>();
        List<String> finished = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        partitions.forEach((partition, slots) -> {
            Long next = null;
            while (!slots.byOffset.isEmpty()) {
                Map.Entry<Long, Slot> first = slots.byOffset.firstEntry();
                Slot head = first.getValue();
                boolean movedNow = !head.finished;
                if (movedNow) {
                    // Everything finished in this partition lies behind the head.
                    boolean worthMoving = slots.finished > 0 || full.contains(partition);
                    if (!worthMoving || head.task == null || !head.task.move(nowNanos, moveWaitingAfterNanos)) {
                        break;
                    }
                    head.finish(head.task.claimAgain());
                    slots.finished++;
                    moved.add(head.task);
                }
                slots.byOffset.pollFirstEntry();
                slots.finished--;
                size--;
                if (head.output != null) {
                    outputs.add(head.output);
                }
                if (head.task != null) {
                    held.remove(head.task.taskId(), head.task);
                    if (!movedNow) {
                        finished.add(head.task.taskId());
                    }
                }
                next = first.getKey() + 1;
            }
            if (next != null) {
                offsets.put(partition, new OffsetAndMetadata(next));
            }
        });
        return new Committable(outputs, offsets, moved, finished);
    }

    /** The transaction that published these tasks' results has committed: nothing more to remember. */
    synchronized void confirm(Collection<String> taskIds) {
        taskIds.forEach(unconfirmed::remove);
    }

    /**
     * The terminal result of this task if it finished here and its transaction never committed (a copy,
     * to publish in another transaction), else null.
     */
    synchronized ProducerRecord<String, byte[]> finishedBefore(String taskId) {
        ProducerRecord<String, byte[]> result = unconfirmed.get(taskId);
        return result == null
                ? null
                : new ProducerRecord<>(
                        result.topic(),
                        result.partition(),
                        result.timestamp(),
                        result.key(),
                        result.value(),
                        new RecordHeaders(result.headers().toArray()));
    }

    synchronized int size() {
        return size;
    }

    /** The partitions holding at least this many tasks. */
    synchronized Set<TopicPartition> holdingAtLeast(int tasks) {
        Set<TopicPartition> holding = new HashSet<>();
        partitions.forEach((partition, slots) -> {
            if (slots.byOffset.size() >= tasks) {
                holding.add(partition);
            }
        });
        return holding;
    }

    synchronized boolean anyRunning(Collection<TopicPartition> revoked) {
        for (TopicPartition partition : revoked) {
            Slots slots = partitions.get(partition);
            if (slots != null
                    && slots.byOffset.values().stream().anyMatch(slot -> slot.task != null && slot.task.running)) {
                return true;
            }
        }
        return false;
    }

    /** Marks the unfinished tasks of these partitions as handed back, so nothing more starts for them. */
    synchronized void abandon(Collection<TopicPartition> revoked) {
        for (TopicPartition partition : revoked) {
            Slots slots = partitions.get(partition);
            if (slots != null) {
                slots.byOffset.values().stream()
                        .filter(slot -> slot.task != null && !slot.finished)
                        .forEach(slot -> slot.task.abandoned = true);
            }
        }
    }

    synchronized void forget(Collection<TopicPartition> revoked) {
        for (TopicPartition partition : revoked) {
            Slots slots = partitions.remove(partition);
            if (slots != null) {
                slots.byOffset.values().forEach(slot -> {
                    if (slot.task != null) {
                        slot.task.abandoned = true;
                        held.remove(slot.task.taskId(), slot.task);
                    }
                });
                size -= slots.byOffset.size();
            }
        }
    }

    private Slots slots(TopicPartition partition) {
        return partitions.computeIfAbsent(partition, p -> new Slots());
    }

    /**
     * @param outputs results, dead letters and moved claim events, to publish in the commit's transaction
     * @param moved tasks whose claim event is published again: they leave their lanes without running
     * @param finished the ids of the tasks whose results are among the outputs, to {@link #confirm} once
     *     committed
     */
    record Committable(
            List<ProducerRecord<String, byte[]>> outputs,
            Map<TopicPartition, OffsetAndMetadata> offsets,
            List<Task> moved,
            List<String> finished) {
        boolean isEmpty() {
            return outputs.isEmpty() && offsets.isEmpty();
        }
    }

    /** One partition's held offsets, and how many of them are finished (so blocked behind the first). */
    private final class Slots {
        final TreeMap<Long, Slot> byOffset = new TreeMap<>();
        int finished;

        void put(long offset, Slot slot) {
            byOffset.put(offset, slot);
            size++;
            if (slot.finished) {
                finished++;
            }
        }
    }

    private static final class Slot {
        final Task task;
        boolean finished;
        ProducerRecord<String, byte[]> output;

        Slot(Task task) {
            this.task = task;
        }

        static Slot finished(Task task, ProducerRecord<String, byte[]> output) {
            Slot slot = new Slot(task);
            slot.finish(output);
            return slot;
        }

        void finish(ProducerRecord<String, byte[]> result) {
            finished = true;
            output = result;
        }
    }
}
