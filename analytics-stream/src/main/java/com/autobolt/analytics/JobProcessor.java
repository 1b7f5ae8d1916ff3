package com.autobolt.analytics;

import com.autobolt.schemas.ChangeOperation;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.InvalidEventException;
import com.autobolt.schemas.JobChanged;
import com.autobolt.schemas.JobSummaryChanged;
import com.autobolt.schemas.MessageKeys;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One change of a job: its PII-free summary forwarded (a tombstone when the job was deleted), its facts
 * remembered for the outcomes of its results, and the results that waited for it released, in order.
 */
final class JobProcessor implements Processor<String, byte[], String, byte[]> {

    private final String topic;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> jobFacts;
    private KeyValueStore<String, byte[]> waiting;
    private Outcomes outcomes;

    JobProcessor(String topic) {
        this.topic = topic;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        jobFacts = context.getStateStore(AnalyticsTopology.JOB_FACTS);
        waiting = context.getStateStore(AnalyticsTopology.WAITING_RESULTS);
        outcomes = new Outcomes(context.getStateStore(AnalyticsTopology.DIRECTORY_CATEGORIES));
    }

    @Override
    public void process(Record<String, byte[]> record) {
        JobChanged change;
        try {
            if (record.value() == null) {
                throw new InvalidEventException("JobChanged: no value (tombstone)", null);
            }
            change = EventJson.read(record.value(), JobChanged.class);
        } catch (InvalidEventException e) {
            DeadLetter.forward(context, record, AnalyticsTopology.JOBS_DEAD_LETTERS_SINK, e.getMessage(), e);
            return;
        }
        String jobKey = MessageKeys.job(change.jobId());
        if (!jobKey.equals(record.key())) {
            DeadLetter.forward(
                    context,
                    record,
                    AnalyticsTopology.JOBS_DEAD_LETTERS_SINK,
                    "key " + record.key() + " is not the change's job id " + jobKey + " (" + topic + ")",
                    null);
            return;
        }
        if (change.op() == ChangeOperation.DELETED) {
            // The job is gone from PostgreSQL: a tombstone lets compaction forget it on the analytics topic too.
            jobFacts.delete(jobKey);
            context.forward(
                    new Record<String, byte[]>(jobKey, null, record.timestamp()), AnalyticsTopology.JOB_SUMMARIES_SINK);
            return;
        }
        JobFacts facts = JobFacts.of(change.after());
        jobFacts.put(jobKey, facts.bytes());
        context.forward(
                new Record<>(jobKey, EventJson.write(JobSummaryChanged.of(change.after())), record.timestamp()),
                AnalyticsTopology.JOB_SUMMARIES_SINK);
        release(jobKey, facts, record.timestamp());
    }

    private void release(String jobKey, JobFacts facts, long timestamp) {
        List<KeyValue<String, byte[]>> released = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> results =
                waiting.prefixScan(ResultProcessor.waitingPrefix(jobKey), new StringSerializer())) {
            results.forEachRemaining(released::add);
        }
        for (KeyValue<String, byte[]> result : released) {
            outcomes.forward(context, ResultProcessor.read(result.value), facts, timestamp);
            waiting.delete(result.key);
        }
    }
}
