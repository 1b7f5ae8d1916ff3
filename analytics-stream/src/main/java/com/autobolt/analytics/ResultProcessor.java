package com.autobolt.analytics;

import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.InvalidEventException;
import com.autobolt.schemas.MessageKeys;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One result: ignored unless terminal; its outcome forwarded when its job is known, otherwise kept in
 * {@code waiting-results} until {@link JobProcessor} sees the job.
 */
final class ResultProcessor implements Processor<String, byte[], String, byte[]> {

    private final String topic;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> jobFacts;
    private KeyValueStore<String, byte[]> waiting;
    private Outcomes outcomes;

    ResultProcessor(String topic) {
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
        DirectoryResultReported result;
        try {
            result = read(record.value());
        } catch (InvalidEventException e) {
            DeadLetter.forward(context, record, AnalyticsTopology.RESULTS_DEAD_LETTERS_SINK, e.getMessage(), e);
            return;
        }
        String jobKey = MessageKeys.job(result.jobId());
        if (!jobKey.equals(record.key())) {
            // Keyed otherwise, it may sit in a partition whose task never sees its job: it would wait forever.
            DeadLetter.forward(
                    context,
                    record,
                    AnalyticsTopology.RESULTS_DEAD_LETTERS_SINK,
                    "key " + record.key() + " is not the result's job id " + jobKey + " (" + topic + ")",
                    null);
            return;
        }
        if (!result.status().isTerminal()) {
            return;
        }
        byte[] facts = jobFacts.get(jobKey);
        if (facts == null) {
            waiting.put(
                    waitingKey(
                            jobKey,
                            context.recordMetadata().map(RecordMetadata::offset).orElse(0L)),
                    record.value());
            return;
        }
        outcomes.forward(context, result, JobFacts.parse(facts), record.timestamp());
    }

    static DirectoryResultReported read(byte[] value) {
        if (value == null) {
            throw new InvalidEventException("DirectoryResultReported: no value (tombstone)", null);
        }
        return EventJson.read(value, DirectoryResultReported.class);
    }

    /** {@code <jobId>/<offset>}, zero-padded: a prefix scan of a job returns its results in arrival order. */
    static String waitingKey(String jobKey, long offset) {
        return jobKey + "/" + String.format("%019d", offset);
    }

    static String waitingPrefix(String jobKey) {
        return jobKey + "/";
    }
}
