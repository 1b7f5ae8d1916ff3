package com.autobolt.analytics;

import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.InvalidEventException;
import com.autobolt.schemas.MessageKeys;
import com.autobolt.schemas.ResultStatus;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * One result: ignored unless terminal; its outcome forwarded when its job is known, otherwise kept in
 * {@code waiting-results} until {@link JobProcessor} sees the job.
 *
 * <p>Two of every directory's three results (pending, claimed) make no outcome, and they are passed over
 * on their {@code status} alone ({@link #announcesNoOutcome}) rather than read whole: in a Flight Recorder
 * profile of the end-to-end benchmark's 0 ms round, reading results was 15 % of the projector process's
 * CPU. Such a record is not checked further here (a broken one is still dead-lettered by the projector,
 * which reads every result); a record whose status this cannot tell is read whole, as before.
 */
final class ResultProcessor extends JobKeyedProcessor {

    private static final Set<String> NO_OUTCOME = Arrays.stream(ResultStatus.values())
            .filter(status -> !status.isTerminal())
            .map(ResultStatus::value)
            .collect(Collectors.toUnmodifiableSet());

    ResultProcessor(String topic) {
        super(topic, AnalyticsTopology.RESULTS_DEAD_LETTERS_SINK);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (announcesNoOutcome(record.value())) {
            return;
        }
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

    /**
     * Whether the event's top-level {@code status} is one that makes no outcome (pending, claimed), found by
     * scanning its tokens without binding them. The status the whole read would take, so the last one if a
     * key repeats. False for anything else: a terminal status, an unknown one, no status, not a JSON object.
     */
    static boolean announcesNoOutcome(byte[] value) {
        if (value == null) {
            return false;
        }
        try (JsonParser parser = EventJson.mapper().createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            String status = null;
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
                boolean isStatus = "status".equals(parser.currentName());
                JsonToken valueToken = parser.nextToken();
                if (isStatus) {
                    status = valueToken == JsonToken.VALUE_STRING ? parser.getString() : null;
                }
                parser.skipChildren();
            }
            return token == JsonToken.END_OBJECT
                    && parser.nextToken() == null
                    && status != null
                    && NO_OUTCOME.contains(status);
        } catch (JacksonException e) {
            return false;
        }
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
