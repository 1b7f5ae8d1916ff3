package com.autobolt.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventTextTest {

    @Test
    void shouldLeaveCleanShortTextAsItIs() {
        String text = "Accepted — listing #42 ✓ 😀";

        assertThat(EventText.clean(text, 100)).isSameAs(text);
        assertThat(EventText.isClean(text, 100)).isTrue();
    }

    @Test
    void shouldReplaceNulAndOtherControlCharactersAndLoneSurrogates() {
        String hostile = "a\u0000b\u001b[31mc\u007fd\u0085e\n\tf" + "\uD83D" + "g" + "\uDE00";

        String cleaned = EventText.clean(hostile, 100);

        assertThat(cleaned).isEqualTo("a b [31mc d e  f\uFFFDg\uFFFD");
        assertThat(EventText.isClean(cleaned, 100)).isTrue();
        assertThat(EventText.isClean(hostile, 100)).isFalse();
        // what PostgreSQL and UTF-8 need: it encodes and decodes to itself
        assertThat(new String(cleaned.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .isEqualTo(cleaned);
    }

    @Test
    void shouldCutToTheLimitInCharactersWithoutSplittingASurrogatePair() {
        String emoji = "😀".repeat(10); // 10 characters, 20 UTF-16 units

        assertThat(EventText.clean(emoji, 3)).isEqualTo("😀😀😀");
        assertThat(EventText.isClean(emoji, 10)).isTrue();
        assertThat(EventText.isClean(emoji, 9)).isFalse();
        assertThat(EventText.clean("x".repeat(5_000_000), 2000)).hasSize(2000);
    }

    @Test
    void shouldBuildResultEventsWhoseTextIsCleanedAndBoundedWhateverItIsGiven() {
        String megabyte = "\u0000<script>".repeat(100_000);

        DirectoryResultReported result = DirectoryResultReported.of(
                        new TaskId(UUID.randomUUID(), "dir", 1), ResultStatus.FAILED, Instant.now())
                .workerId(megabyte)
                .error(megabyte, megabyte)
                .evidence(new SubmissionEvidence(200, megabyte, 0, megabyte))
                .build();

        assertThat(result.workerId()).hasSize(DirectoryResultReported.MAX_WORKER_ID_LENGTH);
        assertThat(result.errorCode()).hasSize(DirectoryResultReported.MAX_ERROR_CODE_LENGTH);
        assertThat(result.errorMessage())
                .hasSize(DirectoryResultReported.MAX_ERROR_MESSAGE_LENGTH)
                .doesNotContain("\u0000");
        assertThat(result.evidence().responseExcerpt()).hasSize(SubmissionEvidence.MAX_EXCERPT_LENGTH);
        assertThat(result.evidence().listingUrlProblem()).hasSize(SubmissionEvidence.MAX_NOTE_LENGTH);
    }
}
