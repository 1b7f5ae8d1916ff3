package com.autobolt.worker.execute;

import com.autobolt.schemas.DirectoryTaskDispatched;
import com.autobolt.schemas.Priority;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** One claim event this instance holds, from poll until its result is committed or it is handed back. */
final class Task {

    private static final int WAITING = 0;
    private static final int STARTED = 1;
    private static final int MOVED = 2;

    final DirectoryTaskDispatched event;
    final TopicPartition partition;
    final long offset;
    final boolean highPriority;
    /** When this instance read the claim event (System.nanoTime()): a waiting task may be moved a bound after it. */
    final long readNanos;

    private final ConsumerRecord<String, byte[]> claim;
    /** Waiting until a lane turn starts it or a flush moves it; exactly one of the two wins. */
    private final AtomicInteger state = new AtomicInteger(WAITING);
    /** Order within its directory's lane; set when queued. */
    long rank;

    int tries;
    long firstTryNanos;
    volatile boolean running;
    volatile boolean abandoned;

    Task(DirectoryTaskDispatched event, ConsumerRecord<String, byte[]> claim) {
        this.event = event;
        this.claim = claim;
        this.partition = new TopicPartition(claim.topic(), claim.partition());
        this.offset = claim.offset();
        this.highPriority = Priority.isHigh(event.priority());
        this.readNanos = System.nanoTime();
    }

    String directoryId() {
        return event.directoryId();
    }

    String taskId() {
        return event.taskId();
    }

    /**
     * Claims the task for its lane: true when it has started before or starts now; false when a
     * flush has moved it (it must not run here: its claim event was published again).
     */
    boolean start() {
        return state.get() == STARTED || state.compareAndSet(WAITING, STARTED);
    }

    /**
     * Claims the task for a move: true only if it never started and was read at least {@code boundNanos}
     * before {@code nowNanos}. A task that started stays (its tries and backoff are bounded anyway).
     */
    boolean move(long nowNanos, long boundNanos) {
        return nowNanos - readNanos >= boundNanos && state.compareAndSet(WAITING, MOVED);
    }

    boolean isMoved() {
        return state.get() == MOVED;
    }

    /** The claim event's headers: its {@code traceparent} is the parent of the task's spans. */
    Headers claimHeaders() {
        return claim.headers();
    }

    /** The claim event as read, to be published again to its own topic and partition. */
    ProducerRecord<String, byte[]> claimAgain() {
        return new ProducerRecord<>(
                claim.topic(),
                claim.partition(),
                null,
                claim.key(),
                claim.value(),
                new RecordHeaders(claim.headers().toArray()));
    }
}
