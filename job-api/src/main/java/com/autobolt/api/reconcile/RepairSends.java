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

    void send(ProducerRecord<String, byte[]> record) {
        sends.add(producer.send(record));
    }

    /** Returns once every send is acknowledged; throws when one was not, which fails the pass. */
    void awaitAcknowledged() throws InterruptedException {
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("Kafka did not acknowledge a repair: " + e.getCause(), e.getCause());
            }
        }
    }
}
