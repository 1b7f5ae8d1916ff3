package com.autobolt.examples.analytics;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A subscriber of AutoBolt's {@code autobolt.analytics.directory-outcomes} topic that keeps per-directory
 * daily counts and durations in its own schema. See the module's README for why it is exactly-once.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AnalyticsSubscriberApplication {

    public static void main(String[] args) {
        SpringApplication.run(AnalyticsSubscriberApplication.class, args);
    }
}
