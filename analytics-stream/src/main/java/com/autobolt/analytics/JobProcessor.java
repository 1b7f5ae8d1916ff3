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
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * One change of a job: its PII-free summary forwarded (a tombstone when the job was deleted), its facts
 * remembered for the outcomes of its results, and the results that waited for it released, in order.
 */
final class JobProcessor extends JobKeyedProcessor {

    JobProcessor(String topic) {
        super(topic, AnalyticsTopology.JOBS_DEAD_LETTERS_SINK);
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
            deadLetter(record, e.getMessage(), e);
            return;
        }
        String jobKey = MessageKeys.job(change.jobId());
        if (!keyedBy(record, jobKey, "change")) {
            return;
        }
        if (change.op() == ChangeOperation.DELETED) {
            // The job is gone from PostgreSQL: a tombstone lets compaction forget it on the analytics topic too.
            jobFacts.delete(jobKey);
            outcomes.forgetJob(jobKey);
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
