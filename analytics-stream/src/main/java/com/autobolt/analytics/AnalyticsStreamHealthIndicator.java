package com.autobolt.analytics;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The analytics stream in the process's readiness: UP while running or rebalancing (a rebalance is routine),
 * DOWN when it stopped on an error (until it is started again: {@code restarts} counts those) or refused to
 * start; UP with {@code enabled=false} when switched off.
 */
public final class AnalyticsStreamHealthIndicator implements HealthIndicator {

    private final AnalyticsStream stream;

    /** @param stream null when the stream is switched off */
    public AnalyticsStreamHealthIndicator(AnalyticsStream stream) {
        this.stream = stream;
    }

    @Override
    public Health health() {
        if (stream == null) {
            return Health.up().withDetail("enabled", false).build();
        }
        if (stream.refusal() != null) {
            return Health.down().withDetail("error", stream.refusal()).build();
        }
        KafkaStreams.State state = stream.state();
        if (state == null) {
            return Health.unknown().withDetail("state", "not started").build();
        }
        Health.Builder health = switch (state) {
            case RUNNING, REBALANCING -> Health.up();
            case CREATED -> Health.unknown();
            default -> Health.down();
        };
        return health.withDetail("state", state.name())
                .withDetail("restarts", stream.restarts())
                .build();
    }
}
