package com.autobolt.worker.execute;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Decides which task partitions the next poll may fetch from. Partitions that hold as many tasks as
 * they may (see {@link TaskExecutor}) are not fetched. While the priority topic keeps delivering, the
 * normal topic is paused for all but one poll in {@code lowPriorityShare}: priority tasks are taken
 * first, normal ones still flow.
 */
final class PriorityGate {

    private final String priorityTopic;
    private final int lowPriorityShare;
    private boolean priorityBacklog;
    private boolean allPaused;
    private long polls;

    PriorityGate(String priorityTopic, int lowPriorityShare) {
        this.priorityTopic = priorityTopic;
        this.lowPriorityShare = lowPriorityShare;
    }

    /** @param full partitions that must not be fetched now */
    void beforePoll(KafkaConsumer<String, byte[]> consumer, Set<TopicPartition> full) {
        List<TopicPartition> priority = new ArrayList<>();
        List<TopicPartition> normal = new ArrayList<>();
        List<TopicPartition> paused = new ArrayList<>();
        for (TopicPartition partition : consumer.assignment()) {
            if (full.contains(partition)) {
                paused.add(partition);
            } else {
                (partition.topic().equals(priorityTopic) ? priority : normal).add(partition);
            }
        }
        polls++;
        allPaused = priority.isEmpty() && normal.isEmpty();
        consumer.pause(paused);
        consumer.resume(priority);
        if (priorityBacklog && polls % lowPriorityShare != 0) {
            consumer.pause(normal);
        } else {
            consumer.resume(normal);
        }
    }

    void afterPoll(ConsumerRecords<String, byte[]> records) {
        if (allPaused) {
            return;
        }
        boolean sawPriority = false;
        for (TopicPartition partition : records.partitions()) {
            if (partition.topic().equals(priorityTopic)) {
                sawPriority = true;
                break;
            }
        }
        // An empty poll while normal partitions were paused says little; keep favouring priority only while it
        // delivers.
        priorityBacklog = sawPriority;
    }
}
