package com.autobolt.analytics;

import com.autobolt.schemas.DirectoryOutcomeRecorded;
import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.MessageKeys;
import com.autobolt.schemas.ResultStatus;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns a terminal result into its outcome record. Only fields listed here leave the stream: nothing of the
 * result's evidence, listing URL or error message (which may echo what the customer submitted), nothing of
 * the job's profile.
 *
 * <p>The first ended result of a directory's attempt is its outcome, as the projector's row keeps it: a second
 * one of the same attempt (the task ran again on another worker after its partition moved, and the job was
 * cancelled meanwhile, so it ended {@code skipped} where the first had ended {@code submitted}), or one of an
 * older attempt, changes nothing. Found by the nemesis soak: the outcomes topic, kept last-value-per-key,
 * replayed such a directory to {@code skipped} while {@code job_results} held {@code submitted}.
 */
final class Outcomes {

    private final KeyValueStore<String, String> directoryCategories;
    private final KeyValueStore<String, Integer> recorded;

    Outcomes(KeyValueStore<String, String> directoryCategories, KeyValueStore<String, Integer> recorded) {
        this.directoryCategories = directoryCategories;
        this.recorded = recorded;
    }

    static DirectoryOutcomeRecorded of(DirectoryResultReported result, JobFacts job, String category) {
        return new DirectoryOutcomeRecorded(
                DirectoryOutcomeRecorded.SCHEMA_VERSION,
                result.jobId(),
                result.directoryId(),
                category,
                job.packageType(),
                result.attempt(),
                result.status(),
                result.status() == ResultStatus.SUBMITTED ? null : result.errorCode(),
                result.durationMs(),
                job.createdAt(),
                result.occurredAt());
    }

    /** The job is gone: forget which of its directories' outcomes were recorded. */
    void forgetJob(String jobKey) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, Integer> entries = recorded.prefixScan(jobKey + "/", new StringSerializer())) {
            entries.forEachRemaining(entry -> keys.add(entry.key));
        }
        keys.forEach(recorded::delete);
    }

    void forward(
            ProcessorContext<String, byte[]> context, DirectoryResultReported result, JobFacts job, long timestamp) {
        String key = MessageKeys.outcome(result.jobId(), result.directoryId());
        Integer recordedAttempt = recorded.get(key);
        if (recordedAttempt != null && recordedAttempt >= result.attempt()) {
            return;
        }
        recorded.put(key, result.attempt());
        DirectoryOutcomeRecorded outcome = of(result, job, directoryCategories.get(result.directoryId()));
        context.forward(new Record<>(key, EventJson.write(outcome), timestamp), AnalyticsTopology.OUTCOMES_SINK);
    }
}
