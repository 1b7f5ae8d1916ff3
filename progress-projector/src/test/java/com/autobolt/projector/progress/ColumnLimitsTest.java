package com.autobolt.projector.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.ResultStatus;
import com.autobolt.schemas.SubmissionEvidence;
import com.autobolt.schemas.TaskId;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ColumnLimitsTest {

    private static final TaskId TASK = new TaskId(UUID.randomUUID(), "dir-0", 1);

    @Test
    void shouldAcceptTextUpToEachColumnsLimit() {
        var event = event(
                "w".repeat(ColumnLimits.WORKER_ID),
                "https://" + "u".repeat(ColumnLimits.LISTING_URL - 8),
                "c".repeat(ColumnLimits.ERROR_CODE),
                "m".repeat(ColumnLimits.ERROR_MESSAGE),
                new SubmissionEvidence(500, "x".repeat(10_000), 0));

        assertThat(ColumnLimits.violationOf(event)).isNull();
    }

    @Test
    void shouldCountCharactersAsPostgresDoesNotUtf16Units() {
        String emoji = "\uD83D\uDE00"; // one character, two UTF-16 units
        var event = event(null, null, null, emoji.repeat(ColumnLimits.ERROR_MESSAGE), null);

        assertThat(ColumnLimits.violationOf(event)).isNull();
    }

    @Test
    void shouldNameTheFieldAndLimitButNoValueOfTextTooLong() {
        var url = event(null, "https://site.example/" + "a".repeat(5000), null, null, null);
        var message = event(null, null, "http_500", "m".repeat(3000), null);
        var code = event(null, null, "c".repeat(101), "m", null);
        var worker = event("w".repeat(201), null, null, null, null);

        assertThat(ColumnLimits.violationOf(url))
                .isEqualTo("listingUrl has 5021 characters, more than the 2048 allowed");
        assertThat(ColumnLimits.violationOf(message))
                .isEqualTo("errorMessage has 3000 characters, more than the 2000 allowed");
        assertThat(ColumnLimits.violationOf(code)).isEqualTo("errorCode has 101 characters, more than the 100 allowed");
        assertThat(ColumnLimits.violationOf(worker))
                .isEqualTo("workerId has 201 characters, more than the 200 allowed");
    }

    @Test
    void shouldRefuseNulCharactersInAnyStoredText() {
        var excerpt = event(null, null, null, null, new SubmissionEvidence(200, "{\"name\":\"a\u0000b\"}", 0));
        var message = event(null, null, "http_422", "bad\u0000", null);
        var worker = event("w\u0000", null, null, null, null);

        assertThat(ColumnLimits.violationOf(excerpt))
                .isEqualTo("evidence.responseExcerpt contains a NUL character, which PostgreSQL cannot store");
        assertThat(ColumnLimits.violationOf(message)).startsWith("errorMessage contains a NUL character");
        assertThat(ColumnLimits.violationOf(worker)).startsWith("workerId contains a NUL character");
    }

    /** Through the record's constructor: what a worker without any cleaning could send. */
    private static DirectoryResultReported event(
            String workerId, String listingUrl, String errorCode, String errorMessage, SubmissionEvidence evidence) {
        return new DirectoryResultReported(
                DirectoryResultReported.SCHEMA_VERSION,
                UUID.randomUUID(),
                TASK.toString(),
                TASK.jobId(),
                TASK.directoryId(),
                TASK.attempt(),
                ResultStatus.FAILED,
                workerId,
                Instant.parse("2026-11-30T10:00:00Z"),
                listingUrl,
                errorCode,
                errorMessage,
                evidence,
                null);
    }
}
