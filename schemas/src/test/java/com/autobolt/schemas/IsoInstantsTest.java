package com.autobolt.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {

    private record Stamped(Instant at) {}

    @Test
    void shouldWriteWhatInstantToStringWrites() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            long seconds = random.nextLong(
                    Instant.parse("0000-01-01T00:00:00Z").getEpochSecond(),
                    Instant.parse("9999-12-31T23:59:59Z").getEpochSecond());
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            assertThat(IsoInstants.format(instant)).isEqualTo(instant.toString());
            assertThat(IsoInstants.parseCanonical(instant.toString())).isEqualTo(instant);
        }
    }

    @Test
    void shouldWriteYearsPastFourDigitsAsInstantDoes() {
        Instant far = Instant.parse("+10000-01-01T00:00:00Z");
        assertThat(IsoInstants.format(far)).isEqualTo(far.toString());
    }

    @Test
    void shouldRoundTripThroughEventJson() {
        Instant at = Instant.parse("2026-11-29T04:40:52.241312Z");
        String json = EventJson.writeString(new Stamped(at));

        assertThat(json).isEqualTo("{\"at\":\"2026-11-29T04:40:52.241312Z\"}");
        assertThat(EventJson.read(json.getBytes(), Stamped.class).at()).isEqualTo(at);
    }

    @Test
    void shouldStillReadOtherFormsThroughJacksonsReader() {
        Map<String, Instant> forms = Map.of(
                "\"2026-11-29T05:40:52+01:00\"", Instant.parse("2026-11-29T04:40:52Z"),
                "\"2026-11-29T04:40:52.5Z\"", Instant.parse("2026-11-29T04:40:52.500Z"),
                "1764391252.5", Instant.parse("2025-11-29T04:40:52.500Z"));
        forms.forEach((value, expected) -> assertThat(
                        EventJson.read(("{\"at\":" + value + "}").getBytes(), Stamped.class)
                                .at())
                .as(value)
                .isEqualTo(expected));
    }

    @Test
    void shouldLeaveNonCanonicalTextToJacksonsReader() {
        for (String text : new String[] {
            "2026-11-29 04:40:52Z", "2026-11-29T04:40:52", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
            "2026-11-29T24:00:00Z", "2026-11-29T04:40:52.Z", "2026-11-29T04:40:52.1234567890Z", "2026-11-29T04:4a:52Z"
        }) {
            assertThat(IsoInstants.parseCanonical(text)).as(text).isNull();
        }
    }

    @Test
    void shouldRejectWhatJacksonRejects() {
        assertThatThrownBy(() -> EventJson.read("{\"at\":\"2026-02-30T00:00:00Z\"}".getBytes(), Stamped.class))
                .isInstanceOf(InvalidEventException.class);
    }
}
