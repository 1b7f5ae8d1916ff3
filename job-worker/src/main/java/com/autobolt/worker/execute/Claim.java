package com.autobolt.worker.execute;

import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A task's {@code claimed} result, waiting for the next flush. Its event is made only there, and only if that
 * flush does not also publish the task's terminal result: in one transaction with it, a claim is a row state
 * no reader could ever see (read-committed readers get both at once), and the terminal result says when the
 * task was claimed ({@code occurredAt} less {@code durationMs}). With sites answering at once, nearly every
 * claim is such a one: a third of the results topic's events, each serialized, published, replicated and
 * read by the projector and the analytics stream for nothing (issue 16's profile of the end-to-end
 * benchmark; benchmarks/README.md).
 */
record Claim(String taskId, Supplier<ProducerRecord<String, byte[]>> event) {}
