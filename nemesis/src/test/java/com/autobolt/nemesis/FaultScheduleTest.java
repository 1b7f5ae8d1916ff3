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
    void shouldPlanTheKafkaPathFaultsOnEveryNodesProxyWithinTheirBounds() {
        List<Fault> plan = FaultSchedule.plan(
                9, HALF_HOUR, EnumSet.of(FaultKind.KAFKA_LATENCY, FaultKind.KAFKA_DROP, FaultKind.KILL), 3, 2, 2);

        List<Fault> kafkaPath = plan.stream()
                .filter(fault -> fault.kind() == FaultKind.KAFKA_LATENCY || fault.kind() == FaultKind.KAFKA_DROP)
                .toList();
        assertThat(kafkaPath).extracting(Fault::kind).contains(FaultKind.KAFKA_LATENCY, FaultKind.KAFKA_DROP);
        assertThat(kafkaPath).allMatch(fault -> fault.target().equals(FaultSchedule.KAFKA_PATH));
        assertThat(kafkaPath)
                .filteredOn(fault -> fault.kind() == FaultKind.KAFKA_LATENCY)
                .allSatisfy(fault -> {
                    assertThat(fault.hold()).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(30));
                    assertThat(fault.latency()).isBetween(Duration.ofMillis(20), Duration.ofMillis(600));
                });
        assertThat(kafkaPath)
                .filteredOn(fault -> fault.kind() == FaultKind.KAFKA_DROP)
                .allSatisfy(fault -> {
                    assertThat(fault.hold()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(10));
                    assertThat(fault.latency()).isZero();
                });
        for (int i = 1; i < kafkaPath.size(); i++) {
            Fault earlier = kafkaPath.get(i - 1);
            assertThat(kafkaPath.get(i).at())
                    .as("%s after %s", kafkaPath.get(i).describe(), earlier.describe())
                    .isGreaterThanOrEqualTo(earlier.at().plus(earlier.hold()));
        }
        // A fault on the path is no fault of a node: it may overlap a node's kill.
        assertThat(plan)
                .anySatisfy(path -> assertThat(plan)
                        .anyMatch(node -> path.target().equals(FaultSchedule.KAFKA_PATH)
                                && node.target().startsWith("kafka-")
                                && node.at().compareTo(path.at().plus(path.hold())) < 0
                                && path.at().compareTo(node.at().plus(node.hold())) < 0));
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
