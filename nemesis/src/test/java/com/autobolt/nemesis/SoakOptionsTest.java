package com.autobolt.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class SoakOptionsTest {

    @Test
    void shouldDefaultToHalfAnHourOfEveryFaultWithTheDrawnSeed() {
        SoakOptions options = SoakOptions.parse(new String[0], 99);

        assertThat(options.faultTime()).isEqualTo(Duration.ofMinutes(30));
        assertThat(options.seed()).isEqualTo(99);
        assertThat(options.faults()).isEqualTo(EnumSet.allOf(FaultKind.class));
    }

    @Test
    void shouldTakeMinutesSeedAndFaults() {
        SoakOptions options = SoakOptions.parse(new String[] {"--minutes=4.5", "--seed=7", "--faults=kill,drop"}, 99);

        assertThat(options.faultTime()).isEqualTo(Duration.ofSeconds(270));
        assertThat(options.seed()).isEqualTo(7);
        assertThat(options.faults()).containsExactlyInAnyOrder(FaultKind.KILL, FaultKind.DROP);
    }

    @Test
    void shouldTakeTheFaultsOnThePathToKafka() {
        SoakOptions options = SoakOptions.parse(new String[] {"--faults=kafka-latency,kafka-drop,kill"}, 99);

        assertThat(options.faults())
                .containsExactlyInAnyOrder(FaultKind.KAFKA_LATENCY, FaultKind.KAFKA_DROP, FaultKind.KILL);
        assertThat(SoakOptions.parse(new String[0], 99).faults())
                .contains(FaultKind.KAFKA_LATENCY, FaultKind.KAFKA_DROP);
    }

    @Test
    void shouldRefuseUnknownFaultsAndArguments() {
        assertThatThrownBy(() -> SoakOptions.parse(new String[] {"--faults=kill,flood"}, 1))
                .hasMessageContaining("unknown fault 'flood'");
        assertThatThrownBy(() -> SoakOptions.parse(new String[] {"--minute=3"}, 1))
                .hasMessageContaining("unknown argument");
        assertThatThrownBy(() -> SoakOptions.parse(new String[] {"--workers=1"}, 1))
                .hasMessageContaining("--workers");
    }
}
