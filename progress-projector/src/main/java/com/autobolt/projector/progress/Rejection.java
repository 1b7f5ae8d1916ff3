package com.autobolt.projector.progress;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A record the projector will not apply, and why: it goes to the dead-letter topic. */
record Rejection(ConsumerRecord<String, byte[]> record, String reason) {}
