package com.autobolt.analytics;

import com.autobolt.schemas.DirectoryOutcomeRecorded;
import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.MessageKeys;
import com.autobolt.schemas.ResultStatus;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns a terminal result into its outcome record. Only fields listed here leave the stream: nothing of the
 * result's evidence, listing URL or error message (which may echo what the customer submitted), nothing of
 * the job's profile.
 */
final class Outcomes {

    private final KeyValueStore<String, String> directoryCategories;

    Outcomes(KeyValueStore<String, String> directoryCategories) {
        this.directoryCategories = directoryCategories;
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

    void forward(
            ProcessorContext<String, byte[]> context, DirectoryResultReported result, JobFacts job, long timestamp) {
        DirectoryOutcomeRecorded outcome = of(result, job, directoryCategories.get(result.directoryId()));
        context.forward(
                new Record<>(
                        MessageKeys.outcome(result.jobId(), result.directoryId()), EventJson.write(outcome), timestamp),
                AnalyticsTopology.OUTCOMES_SINK);
    }
}
