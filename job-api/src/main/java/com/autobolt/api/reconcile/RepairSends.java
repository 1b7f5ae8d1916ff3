package com.autobolt.api.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The events of one pass: sent as the pass finds them, and all acknowledged by Kafka before the pass
 * commits what it did, so a repair is only recorded once it was published.
 */
final class RepairSends {

    private final Producer<String, byte[]> producer;
    private final List<Future<RecordMetadata>> sends = new ArrayList<>();

    RepairSends(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    /**
     * Sends; throws at once when the send already failed. With the broker gone, each send waits for
     * metadata (up to {@code max.block.ms}) and then fails: the pass stops at the first such send
     * rather than waiting that long for every repair while it holds its row locks.
     */
    void send(ProducerRecord<String, byte[]> record) throws InterruptedException {
        Future<RecordMetadata> send = producer.send(record);
        if (send.isDone()) {
            await(send);
        }
        sends.add(send);
    }

    /** Returns once every send is acknowledged; throws when one was not, which fails the pass. */
    void awaitAcknowledged() throws InterruptedException {
        for (Future<RecordMetadata> send : sends) {
            await(send);
        }
    }

    private static void await(Future<RecordMetadata> send) throws InterruptedException {
        try {
            send.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka did not acknowledge a repair: " + e.getCause(), e.getCause());
        }
    }
}
