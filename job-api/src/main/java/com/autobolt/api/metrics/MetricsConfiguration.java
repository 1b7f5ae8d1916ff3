package com.autobolt.api.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** job-api's gauges read from the database (docs/metrics.md); the other meters live with their features. */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    @Bean
    DatabaseGauges databaseGauges(
            JdbcTemplate jdbc,
            MeterRegistry registry,
            @Value("${autobolt.metrics.database-interval:30s}") Duration interval,
            @Value("${autobolt.metrics.stalled-after:10m}") Duration stalledAfter,
            @Value("${autobolt.cdc.enabled:true}") boolean changeStream,
            @Value("${autobolt.cdc.slot-name:autobolt_jobs}") String slotName) {
        return new DatabaseGauges(jdbc, registry, changeStream ? slotName : null, interval, stalledAfter);
    }
}
