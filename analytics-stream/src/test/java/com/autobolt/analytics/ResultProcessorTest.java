package com.autobolt.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.ResultStatus;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResultProcessorTest {

    @ParameterizedTest
    @EnumSource(ResultStatus.class)
    void shouldPassOverExactlyTheResultsThatMakeNoOutcome(ResultStatus status) {
        byte[] event = EventJson.write(AnalyticsWorld.result(UUID.randomUUID(), "dir-a", status));

        assertThat(ResultProcessor.announcesNoOutcome(event)).isEqualTo(!status.isTerminal());
    }

    @Test
    void shouldTakeTheLastStatusOfARepeatedKeyAsTheWholeReadDoes() {
        assertThat(ResultProcessor.announcesNoOutcome(bytes("{\"status\":\"claimed\",\"status\":\"submitted\"}")))
                .isFalse();
        assertThat(ResultProcessor.announcesNoOutcome(bytes("{\"status\":\"submitted\",\"status\":\"claimed\"}")))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{not json",
                "",
                "[\"claimed\"]",
                "\"claimed\"",
                "{\"schemaVersion\":9}",
                "{\"status\":null}",
                "{\"status\":3}",
                "{\"status\":[\"claimed\"]}",
                "{\"status\":\"CLAIMED\"}",
                "{\"evidence\":{\"status\":\"claimed\"}}",
                "{\"status\":\"claimed\"",
                "{\"status\":\"claimed\"} trailing"
            })
    void shouldReadWholeWhatItCannotTell(String value) {
        assertThat(ResultProcessor.announcesNoOutcome(bytes(value))).isFalse();
    }

    @Test
    void shouldReadWholeATombstone() {
        assertThat(ResultProcessor.announcesNoOutcome(null)).isFalse();
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
