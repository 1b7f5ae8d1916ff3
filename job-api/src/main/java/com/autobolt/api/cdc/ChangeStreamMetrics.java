package com.autobolt.api.cdc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The change stream's meters (docs/metrics.md): how long a committed change took to be acknowledged by
 * Kafka, per topic, and the changes dead-lettered because they could not be mapped.
 */
final class ChangeStreamMetrics {

    /** The reason kind of a change the mapper could not turn into an event. */
    static final String UNMAPPABLE_CHANGE = "unmappable_change";

    private final MeterRegistry registry;
    private final Clock clock;

    ChangeStreamMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** A change committed at {@code committedAt} is now acknowledged on {@code topic}. */
    void published(String topic, Instant committedAt) {
        Duration lag = Duration.between(committedAt, clock.instant());
        Timer.builder("autobolt.cdc.lag")
                .description("From a change's commit in PostgreSQL to its event acknowledged by Kafka")
                .tag("topic", topic)
                .serviceLevelObjectives(
                        Duration.ofMillis(50),
                        Duration.ofMillis(100),
                        Duration.ofMillis(250),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(15),
                        Duration.ofSeconds(60),
                        Duration.ofMinutes(5))
                .register(registry)
                // The database's clock against this host's: a small skew must not make a negative lag.
                .record(lag.isNegative() ? Duration.ZERO : lag);
    }

    void deadLettered(String sourceTopic) {
        Counter.builder("autobolt.deadletter.records")
                .description("Records set aside to their dead-letter topic, by source topic and reason kind")
                .tags("topic", sourceTopic, "reason", UNMAPPABLE_CHANGE)
                .register(registry)
                .increment();
    }
}
