package com.autobolt.worker.execute;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Tasks finish out of order (different directories run in parallel, retries wait), but an offset
 * commit covers everything before it. A finished task's result is therefore held back until every
 * earlier task of its partition has finished too, and is then committed together with the offset
 * that covers it: a result on the results topic means its task is never delivered again.
 */
final class OffsetTracker {

    private final Map<TopicPartition, TreeMap<Long, Slot>> partitions = new HashMap<>();
    private int size;

    synchronized void add(Task task) {
        slots(task.partition).put(task.offset, new Slot(task));
        size++;
    }

    /** A record that needs no processing (a dead letter): finished on arrival. */
    synchronized void addFinished(TopicPartition partition, long offset, ProducerRecord<String, byte[]> output) {
        Slot slot = new Slot(null);
        slot.finish(output);
        slots(partition).put(offset, slot);
        size++;
    }

    /** Records the task's terminal result, unless the task was handed back meanwhile. */
    synchronized void finish(Task task, ProducerRecord<String, byte[]> result) {
        TreeMap<Long, Slot> slots = partitions.get(task.partition);
        Slot slot = slots == null ? null : slots.get(task.offset);
        if (slot != null && slot.task == task) {
            slot.finish(result);
        }
    }

    /** Removes every finished task that no unfinished one precedes, with the offsets to commit. */
    synchronized Committable drainCommittable() {
        List<ProducerRecord<String, byte[]>> outputs = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        partitions.forEach((partition, slots) -> {
            Long next = null;
            while (!slots.isEmpty() && slots.firstEntry().getValue().finished) {
                Map.Entry<Long, Slot> head = slots.pollFirstEntry();
                outputs.add(head.getValue().output);
                next = head.getKey() + 1;
                size--;
            }
            if (next != null) {
                offsets.put(partition, new OffsetAndMetadata(next));
            }
        });
        return new Committable(outputs, offsets);
    }

    synchronized int size() {
        return size;
    }

    synchronized boolean anyRunning(Collection<TopicPartition> revoked) {
        for (TopicPartition partition : revoked) {
            TreeMap<Long, Slot> slots = partitions.get(partition);
            if (slots != null && slots.values().stream().anyMatch(slot -> slot.task != null && slot.task.running)) {
                return true;
            }
        }
        return false;
    }

    /** Marks the unfinished tasks of these partitions as handed back, so nothing more starts for them. */
    synchronized void abandon(Collection<TopicPartition> revoked) {
        for (TopicPartition partition : revoked) {
            TreeMap<Long, Slot> slots = partitions.get(partition);
            if (slots != null) {
                slots.values().stream()
                        .filter(slot -> slot.task != null && !slot.finished)
                        .forEach(slot -> slot.task.abandoned = true);
            }
        }
    }

    synchronized void forget(Collection<TopicPartition> revoked) {
        for (TopicPartition partition : revoked) {
            TreeMap<Long, Slot> slots = partitions.remove(partition);
            if (slots != null) {
                slots.values().forEach(slot -> {
                    if (slot.task != null) {
                        slot.task.abandoned = true;
                    }
                });
                size -= slots.size();
            }
        }
    }

    private TreeMap<Long, Slot> slots(TopicPartition partition) {
        return partitions.computeIfAbsent(partition, p -> new TreeMap<>());
    }

    record Committable(List<ProducerRecord<String, byte[]>> outputs, Map<TopicPartition, OffsetAndMetadata> offsets) {
        boolean isEmpty() {
            return outputs.isEmpty() && offsets.isEmpty();
        }
    }

    private static final class Slot {
        final Task task;
        boolean finished;
        ProducerRecord<String, byte[]> output;

        Slot(Task task) {
            this.task = task;
        }

        void finish(ProducerRecord<String, byte[]> result) {
            finished = true;
            output = result;
        }
    }
}
