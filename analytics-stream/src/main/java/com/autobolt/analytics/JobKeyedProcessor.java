package com.autobolt.analytics;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What the two input processors share: the stores they read and write (a job's facts, the results waiting
 * for their job, the directories' categories) and the rule that every input record is keyed by its job id,
 * or dead-lettered with the reason: keyed otherwise, it may sit in a partition whose task never sees its
 * job's other records.
 */
abstract class JobKeyedProcessor implements Processor<String, byte[], String, byte[]> {

    private final String topic;
    private final String deadLetterSink;
    protected ProcessorContext<String, byte[]> context;
    protected KeyValueStore<String, byte[]> jobFacts;
    protected KeyValueStore<String, byte[]> waiting;
    protected Outcomes outcomes;

    JobKeyedProcessor(String topic, String deadLetterSink) {
        this.topic = topic;
        this.deadLetterSink = deadLetterSink;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        jobFacts = context.getStateStore(AnalyticsTopology.JOB_FACTS);
        waiting = context.getStateStore(AnalyticsTopology.WAITING_RESULTS);
        outcomes = new Outcomes(
                context.getStateStore(AnalyticsTopology.DIRECTORY_CATEGORIES),
                context.getStateStore(AnalyticsTopology.RECORDED_OUTCOMES));
    }

    /** The record to this processor's dead-letter topic, with the reason. */
    protected void deadLetter(Record<String, byte[]> record, String reason, Exception cause) {
        DeadLetter.forward(context, record, deadLetterSink, reason, cause);
    }

    /** Whether the record is keyed by the job its event names; if not, it is dead-lettered. */
    protected boolean keyedBy(Record<String, byte[]> record, String jobKey, String event) {
        if (jobKey.equals(record.key())) {
            return true;
        }
        deadLetter(
                record,
                "key " + record.key() + " is not the " + event + "'s job id " + jobKey + " (" + topic + ")",
                null);
        return false;
    }
}
