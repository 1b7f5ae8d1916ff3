package com.autobolt.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SubscriberTest {

    private static final UUID JOB = UUID.randomUUID();

    @Test
    void shouldTakeRecordsUpToItsBufferThenAskToBeDroppedAndClose() throws InterruptedException {
        Subscriber subscriber = new Subscriber(null, 2);

        assertThat(subscriber.offer(record(JOB, 1))).isTrue();
        assertThat(subscriber.offer(record(JOB, 2))).isTrue();
        assertThat(subscriber.offer(record(JOB, 3))).as("the buffer is full").isFalse();

        assertThat(subscriber.overflowed()).isTrue();
        assertThat(subscriber.isClosed()).isTrue();
        assertThat(subscriber.next(Duration.ZERO).offset()).isEqualTo(1);
        assertThat(subscriber.offer(record(JOB, 4)))
                .as("a closed subscriber takes nothing")
                .isFalse();
    }

    @Test
    void shouldNeverBlockTheFeedWhenFull() {
        Subscriber subscriber = new Subscriber(null, 1);
        subscriber.offer(record(JOB, 1));

        long start = System.nanoTime();
        subscriber.offer(record(JOB, 2));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void shouldQueueOnlyItsJobsRecordsAndIgnoreTheRest() throws InterruptedException {
        Subscriber subscriber = new Subscriber(JOB, 1);

        assertThat(subscriber.offer(record(UUID.randomUUID(), 1))).isTrue();
        assertThat(subscriber.offer(record(UUID.randomUUID(), 2))).isTrue();
        assertThat(subscriber.offer(record(JOB, 3))).isTrue();

        assertThat(subscriber.overflowed()).isFalse();
        assertThat(subscriber.next(Duration.ZERO).offset()).isEqualTo(3);
    }

    @Test
    void shouldWakeItsWriterWhenClosed() throws InterruptedException {
        Subscriber subscriber = new Subscriber(null, 10);
        Thread writer = new Thread(() -> {
            try {
                subscriber.next(Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                // woken, as expected
            }
        });
        subscriber.writtenBy(writer);
        writer.start();

        subscriber.close();

        writer.join(Duration.ofSeconds(10).toMillis());
        assertThat(writer.isAlive()).isFalse();
    }

    private static FeedRecord record(UUID job, long offset) {
        return new FeedRecord(0, offset, job, "{}");
    }
}
