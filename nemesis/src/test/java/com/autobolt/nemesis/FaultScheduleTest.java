package com.autobolt.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {

    private static final Duration HALF_HOUR = Duration.ofMinutes(30);

    @Test
    void shouldPlanTheSameFaultsForTheSameSeedAndOthersForAnother() {
        List<Fault> plan = FaultSchedule.plan(42, HALF_HOUR, EnumSet.allOf(FaultKind.class), 3, 2, 2);

        assertThat(FaultSchedule.plan(42, HALF_HOUR, EnumSet.allOf(FaultKind.class), 3, 2, 2))
                .isEqualTo(plan);
        assertThat(FaultSchedule.plan(43, HALF_HOUR, EnumSet.allOf(FaultKind.class), 3, 2, 2))
                .isNotEqualTo(plan);
    }

    @Test
    void shouldPlanAtLeast150FaultsOfEveryKindInHalfAnHour() {
        List<Fault> plan = FaultSchedule.plan(7, HALF_HOUR, EnumSet.allOf(FaultKind.class), 3, 2, 2);

        assertThat(plan).hasSizeGreaterThanOrEqualTo(150);
        assertThat(plan).extracting(Fault::kind).containsAll(EnumSet.allOf(FaultKind.class));
        assertThat(plan)
                .extracting(Fault::target)
                .contains("kafka-1", "kafka-2", "kafka-3", "job-api", "http-worker", "postgres");
        assertThat(plan).allMatch(fault -> fault.at().compareTo(HALF_HOUR) < 0);
    }

    @Test
    void shouldPauseLongerThanTheSessionTimeout() {
        assertThat(FaultSchedule.plan(11, HALF_HOUR, EnumSet.of(FaultKind.PAUSE), 3, 2, 2))
                .isNotEmpty()
                .allMatch(fault -> fault.hold().compareTo(FaultSchedule.SESSION_TIMEOUT) > 0);
    }

    @Test
    void shouldNeverPlanTwoKafkaNodesOutAtOnceNorTwoFaultsOnOneTarget() {
        for (long seed = 1; seed <= 20; seed++) {
            List<Fault> plan = FaultSchedule.plan(seed, HALF_HOUR, EnumSet.allOf(FaultKind.class), 3, 2, 2);
            for (int i = 0; i < plan.size(); i++) {
                for (int j = i + 1; j < plan.size(); j++) {
                    Fault first = plan.get(i);
                    Fault later = plan.get(j);
                    boolean sameGroup = first.target().equals(later.target())
                            || first.target().startsWith("kafka-")
                                    && later.target().startsWith("kafka-");
                    if (sameGroup) {
                        assertThat(later.at())
                                .as("seed %d: %s then %s", seed, first.describe(), later.describe())
                                .isGreaterThanOrEqualTo(first.at().plus(first.hold()));
                    }
                }
            }
        }
    }

    @Test
    void shouldPlanOnlyTheKindsAsked() {
        assertThat(FaultSchedule.plan(5, HALF_HOUR, EnumSet.of(FaultKind.LATENCY, FaultKind.DROP), 3, 2, 2))
                .isNotEmpty()
                .allMatch(fault -> fault.target().equals("postgres"))
                .extracting(Fault::kind)
                .containsOnly(FaultKind.LATENCY, FaultKind.DROP);
    }
}
