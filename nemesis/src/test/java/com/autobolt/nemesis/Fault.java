package com.autobolt.nemesis;

import java.time.Duration;

/**
 * One planned fault: what, on which process ({@code kafka-2}, {@code job-worker-1}, {@code postgres}), when
 * after the run's start, and for how long (down, paused, delayed or cut; a killed process is started
 * again after it).
 *
 * @param latency the delay the proxy adds to each read, for {@link FaultKind#LATENCY} and
 *     {@link FaultKind#KAFKA_LATENCY}
 */
record Fault(int number, FaultKind kind, String target, Duration at, Duration hold, Duration latency) {

    String describe() {
        String what = kind.optionName() + " " + target + " for " + seconds(hold);
        return !latency.isZero() ? what + " (+" + latency.toMillis() + " ms per read)" : what;
    }

    static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
    }
}
