package com.autobolt.projector.progress;

import com.autobolt.schemas.DirectoryResultReported;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A result event together with the Kafka record it came from, kept for dead-lettering. */
record IncomingResult(ConsumerRecord<String, byte[]> record, DirectoryResultReported event) {}
