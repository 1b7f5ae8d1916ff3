package com.autobolt.analytics;

import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.InvalidEventException;
import com.autobolt.schemas.MessageKeys;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * One result: ignored unless terminal; its outcome forwarded when its job is known, otherwise kept in
 * {@code waiting-results} until {@link JobProcessor} sees the job.
 */
final class ResultProcessor extends JobKeyedProcessor {

    ResultProcessor(String topic) {
        super(topic, AnalyticsTopology.RESULTS_DEAD_LETTERS_SINK);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        DirectoryResultReported result;
        try {
            result = read(record.value());
        } catch (InvalidEventException e) {
            deadLetter(record, e.getMessage(), e);
            return;
        }
        String jobKey = MessageKeys.job(result.jobId());
        if (!keyedBy(record, jobKey, "result")) {
            // It would wait forever for a job its partition's task never sees.
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
