package com.autobolt.worker.execute;

import com.autobolt.schemas.DirectoryTaskDispatched;
import com.autobolt.schemas.Priority;
import org.apache.kafka.common.TopicPartition;

/** One claim event this instance holds, from poll until its result is committed or it is handed back. */
final class Task {

    final DirectoryTaskDispatched event;
    final TopicPartition partition;
    final long offset;
    final boolean highPriority;
    /** Order within its directory's lane; set when queued. */
    long rank;

    int tries;
    long firstTryNanos;
    volatile boolean running;
    volatile boolean abandoned;

    Task(DirectoryTaskDispatched event, TopicPartition partition, long offset) {
        this.event = event;
        this.partition = partition;
        this.offset = offset;
        this.highPriority = Priority.isHigh(event.priority());
    }

    String directoryId() {
        return event.directoryId();
    }
}
