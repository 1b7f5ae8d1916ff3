package com.autobolt.examples.analytics.outcomes;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.schemas.DirectoryOutcomeRecorded;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.MessageKeys;
import com.autobolt.schemas.PackageType;
import com.autobolt.schemas.ResultStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TopicRecordTest {

    private static final UUID JOB = UUID.fromString("6f1c2a4e-0000-4000-8000-000000000015");
    private static final DirectoryOutcomeRecorded OUTCOME = new DirectoryOutcomeRecorded(
            1,
            JOB,
            "yelp",
            "reviews",
            PackageType.GROWTH,
            2,
            ResultStatus.FAILED,
            "captcha",
            1200L,
            Instant.parse("2026-11-30T10:00:00Z"),
            Instant.parse("2026-11-30T10:05:00Z"));
    private static final String KEY = MessageKeys.outcome(JOB, "yelp");

    @Test
    void shouldReadAnOutcomeUnderItsOwnKey() {
        assertThat(TopicRecord.read(KEY, EventJson.write(OUTCOME))).isEqualTo(new TopicRecord.Outcome(OUTCOME));
    }

    @Test
    void shouldReadATombstoneAsTheKeysDirectoryOfTheKeysJob() {
        assertThat(TopicRecord.read(JOB + "/dir/with/slashes", null))
                .isEqualTo(new TopicRecord.Tombstone(JOB, "dir/with/slashes"));
    }

    @Test
    void shouldRefuseAnEventUnderAnotherKey() {
        assertThat(reason(MessageKeys.outcome(JOB, "google"), EventJson.write(OUTCOME)))
                .isEqualTo("key " + JOB + "/google is not the event's " + KEY);
    }

    @Test
    void shouldRefuseAnUnknownSchemaVersion() {
        String json = EventJson.writeString(OUTCOME).replace("\"schemaVersion\":1", "\"schemaVersion\":2");

        assertThat(reason(KEY, json.getBytes(StandardCharsets.UTF_8))).contains("schemaVersion 2 is not supported");
    }

    @Test
    void shouldRefuseWhatIsNotAnOutcome() {
        String pending = EventJson.writeString(OUTCOME).replace("\"failed\"", "\"pending\"");

        assertThat(reason(KEY, pending.getBytes(StandardCharsets.UTF_8)))
                .contains("an outcome is submitted, failed or skipped, not pending");
        assertThat(reason(KEY, "{not json".getBytes(StandardCharsets.UTF_8))).startsWith("DirectoryOutcomeRecorded: ");
        assertThat(reason(null, EventJson.write(OUTCOME))).isEqualTo("no key");
        assertThat(reason("no-slash", null)).isEqualTo("tombstone key no-slash is not <jobId>/<directoryId>");
        assertThat(reason("job/yelp", null)).isEqualTo("tombstone key job/yelp does not start with a job id");
    }

    private static String reason(String key, byte[] value) {
        TopicRecord record = TopicRecord.read(key, value);
        assertThat(record).isInstanceOf(TopicRecord.Unreadable.class);
        return ((TopicRecord.Unreadable) record).reason();
    }
}
