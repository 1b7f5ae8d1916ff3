package com.autobolt.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailedTriesTest {

    private static final String KEY = "dfba617d-e4a8-4cfa-bee4-9963a16c09a8:demo-294:1";

    @Test
    void shouldReadAFailedTryFromAWorkersLogLine() {
        String line = "2026-12-01T10:54:03.512Z  INFO 25536 --- [job-worker] [     executor-3] "
                + "com.autobolt.worker.execute.TaskRunner   : task " + KEY
                + " try 1 failed (timeout): trying again in 312 ms with the same Idempotency-Key";

        assertThat(FailedTries.parse(line))
                .contains(new FailedTries.FailedTry(Instant.parse("2026-12-01T10:54:03.512Z"), KEY));
        assertThat(FailedTries.parse("2026-12-01T10:54:03.512Z  INFO task " + KEY + " finished here before"))
                .isEmpty();
    }

    @Test
    void shouldExcuseOnlyTheTaskWhoseTryFailedWithinTheInterval() {
        FailedTries tries = FailedTries.of(List.of("2026-12-01T10:54:03.512Z  INFO 1 --- [x] TaskRunner : task " + KEY
                + " try 1 failed (timeout): trying again in 312 ms with the same Idempotency-Key"));

        assertThat(tries.anyOf(KEY, at("10:54:00"), at("10:54:04"))).isTrue();
        assertThat(tries.anyOf(KEY, at("10:54:04"), at("10:54:10")))
                .as("a later interval")
                .isFalse();
        assertThat(tries.anyOf(KEY.replace("demo-294", "demo-498"), at("10:54:00"), at("10:54:04")))
                .as("another task")
                .isFalse();
    }

    private static Instant at(String time) {
        return Instant.parse("2026-12-01T" + time + "Z");
    }
}
