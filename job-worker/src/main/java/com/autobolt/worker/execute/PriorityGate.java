package com.autobolt.worker.execute;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Decides which task partitions the next poll may fetch from. When the instance holds as many
 * tasks as it may, nothing is fetched. While the priority topic keeps delivering, the normal topic
 * is paused for all but one poll in {@code lowPriorityShare}: priority tasks are taken first, normal
 * ones still flow.
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

    void beforePoll(KafkaConsumer<String, byte[]> consumer, boolean full) {
        List<TopicPartition> priority = new ArrayList<>();
        List<TopicPartition> normal = new ArrayList<>();
        for (TopicPartition partition : consumer.assignment()) {
            (partition.topic().equals(priorityTopic) ? priority : normal).add(partition);
        }
        polls++;
        allPaused = full;
        if (full) {
            consumer.pause(consumer.assignment());
            return;
        }
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
