package com.autobolt.api.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamPositionTest {

    @Test
    void shouldReadWhatItWrites() {
        long[] offsets = {12, 0, 7};

        assertThat(StreamPosition.format(offsets)).isEqualTo("0:12,1:0,2:7");
        assertThat(StreamPosition.parse("0:12,1:0,2:7", 3)).containsExactly(12, 0, 7);
        assertThat(StreamPosition.format(2, 7)).isEqualTo("2:7");
    }

    @Test
    void shouldLeavePartitionsItDoesNotNameUnknown() {
        assertThat(StreamPosition.parse("2:7", 3)).containsExactly(StreamPosition.UNKNOWN, StreamPosition.UNKNOWN, 7);
        assertThat(StreamPosition.parse(" 1:5,0:4 ", 2)).containsExactly(4, 5);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "garbage", "0:", ":1", "0:1,", "0:-1", "0:1;1:2", "0:1,0:2", "3:1", "0:99999999999999999999"
            })
    void shouldRefuseWhatItDidNotWrite(String text) {
        assertThatThrownBy(() -> StreamPosition.parse(text, 3))
                .isInstanceOf(StreamPosition.MalformedPositionException.class)
                .hasMessageContaining("Last-Event-ID");
    }

    @Test
    void shouldNotEchoAHugeOrUnprintableValue() {
        String huge = "x".repeat(10_000) + "\u0001";

        assertThatThrownBy(() -> StreamPosition.parse(huge, 3)).hasMessageNotContaining("x".repeat(100));
        assertThatThrownBy(() -> StreamPosition.parse("\u0007bell", 3)).hasMessageContaining("?bell");
    }
}
