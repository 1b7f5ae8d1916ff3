package com.autobolt.worker.execute;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.schemas.BusinessProfile;
import com.autobolt.schemas.DirectoryTaskDispatched;
import com.autobolt.schemas.SubmissionMethod;
import com.autobolt.schemas.SubmissionSpec;
import com.autobolt.schemas.TaskId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private static final TopicPartition PARTITION = new TopicPartition("tasks", 0);
    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void shouldCommitOnlyTheFinishedTasksThatNoUnfinishedOnePrecedes() {
        Task first = task(10);
        Task second = task(11);
        Task third = task(12);
        List.of(first, second, third).forEach(tracker::add);

        tracker.finish(second, result("second"));
        tracker.finish(third, result("third"));
        assertThat(tracker.drainCommittable().isEmpty()).isTrue();

        tracker.finish(first, result("first"));
        OffsetTracker.Committable committable = tracker.drainCommittable();

        assertThat(committable.outputs()).extracting(ProducerRecord::key).containsExactly("first", "second", "third");
        assertThat(committable.offsets().get(PARTITION).offset()).isEqualTo(13);
        assertThat(tracker.size()).isZero();
    }

    @Test
    void shouldIgnoreTheResultOfATaskHandedBackMeanwhile() {
        Task old = task(10);
        tracker.add(old);
        tracker.forget(List.of(PARTITION));
        Task redelivered = task(10);
        tracker.add(redelivered);

        tracker.finish(old, result("old"));

        assertThat(old.abandoned).isTrue();
        assertThat(tracker.drainCommittable().isEmpty()).isTrue();
    }

    private static Task task(long offset) {
        DirectoryTaskDispatched event = DirectoryTaskDispatched.of(
                new TaskId(UUID.randomUUID(), "dir", 1),
                UUID.randomUUID(),
                3,
                new BusinessProfile("Bakery", "a@b.example", null, null, null, null, null, null, null, null, null),
                new SubmissionSpec("dir", "Dir", "http://dir", SubmissionMethod.FORM, Map.of(), 0, false, false),
                Instant.now());
        return new Task(event, PARTITION, offset);
    }

    private static ProducerRecord<String, byte[]> result(String key) {
        return new ProducerRecord<>("results", key, new byte[0]);
    }
}
