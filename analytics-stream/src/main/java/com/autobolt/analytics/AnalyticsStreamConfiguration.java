package com.autobolt.analytics;

import com.autobolt.kafka.KafkaSettings;
import com.autobolt.kafka.TopicProvisioner;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What a service imports to run the analytics stream in its process (the progress-projector does): the stream,
 * started with the application and stopped before it, and its health ({@code analyticsStream}). With
 * {@code autobolt.analytics.enabled=false} only the health remains, saying so. Needs kafka-setup's
 * configuration imported too.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AnalyticsSettings.class)
public class AnalyticsStreamConfiguration {

    @Bean
    AnalyticsStreamLifecycle analyticsStreamLifecycle(
            AnalyticsSettings settings,
            KafkaSettings kafka,
            TopicProvisioner provisioner,
            ObjectProvider<MeterRegistry> registry) {
        return new AnalyticsStreamLifecycle(
                settings.enabled()
                        ? new AnalyticsStream(kafka, settings, provisioner, registry.getIfAvailable())
                        : null);
    }

    @Bean
    AnalyticsStreamHealthIndicator analyticsStreamHealthIndicator(AnalyticsStreamLifecycle lifecycle) {
        return new AnalyticsStreamHealthIndicator(lifecycle.stream);
    }

    static final class AnalyticsStreamLifecycle implements SmartLifecycle {

        private final AnalyticsStream stream;
        private volatile boolean running;

        AnalyticsStreamLifecycle(AnalyticsStream stream) {
            this.stream = stream;
        }

        @Override
        public void start() {
            if (stream != null) {
                try {
                    stream.start();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while starting the analytics stream", e);
                }
            }
            running = true;
        }

        @Override
        public void stop() {
            if (stream != null) {
                stream.close();
            }
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }
    }
}
