package com.autobolt.api.operations;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/operations}: the last hour's submissions per minute, the busiest directories' success
 * and latency, the workers' breakers that are not closed, consumer lag and dead letters.
 */
record OperationsView(
        Instant generatedAt,
        Window window,
        List<SubmissionFigures.Minute> submissionsPerMinute,
        Directories directories,
        Breakers breakers,
        Kafka kafka) {

    /** The minutes covered: the current one (so far) and the 59 before it. */
    record Window(Instant from, int minutes) {}

    /**
     * @param top the most directories listed: the busiest (most results finished in the window)
     * @param items per directory: {@code successRate} = submitted ÷ (submitted + failed) in the window;
     *     {@code latencyP50Ms}, {@code latencyP95Ms} over the results' {@code durationMs} (the worker's time
     *     from the task's first try to its outcome, retries and their backoff included), null when none
     *     carries one
     */
    record Directories(int top, List<SubmissionFigures.DirectoryFigures> items) {}

    /**
     * @param following whether the breaker topic is being read now
     * @param problem why not, or null
     * @param recordsSkipped records of the topic that were not readable (too large, malformed, keyed wrong)
     * @param notClosed the breakers open or half-open, longest first, from records not yet expired
     */
    record Breakers(
            boolean following,
            String topic,
            String problem,
            long recordsRead,
            long recordsSkipped,
            String lastSkipReason,
            List<Breaker> notClosed) {}

    record Breaker(
            String workerId, String directoryId, String state, Instant since, String reasonCode, Instant expiresAt) {}

    /**
     * @param available whether Kafka answered the last refresh (at {@code fetchedAt}); if not, {@code problem} says why
     * @param consumerGroups lag per group: records not yet consumed, per topic and in all
     * @param deadLetters per {@code .dlt} topic: the records it keeps (offsets from the first kept to the end;
     *     where a dead letter was written in a Kafka transaction, its commit marker takes an offset too)
     */
    record Kafka(
            boolean available,
            String problem,
            Instant fetchedAt,
            List<ConsumerGroup> consumerGroups,
            List<DeadLetterTopic> deadLetters) {}

    /**
     * @param partitions the partitions the group committed offsets for: a partition written in Kafka
     *     transactions ends with a commit marker no consumer reads, so a group caught up there shows a lag
     *     of 1 per such partition
     */
    record ConsumerGroup(String group, boolean hasOffsets, int partitions, long lag, Map<String, Long> lagByTopic) {}

    record DeadLetterTopic(String topic, String sourceTopic, long records) {}
}
