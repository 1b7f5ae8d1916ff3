package com.autobolt.kafka;

import com.autobolt.kafka.observability.ObservabilitySettings;
import com.autobolt.kafka.observability.RecordTracing;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.core.env.Environment;

/**
 * What every service imports to reach Kafka: {@link KafkaSettings} bound from {@code autobolt.kafka.*}
 * (environment names in {@code autobolt-kafka.properties}), the {@link TopicProvisioner} and its health
 * ({@code kafkaTopics}), whether the cluster answers ({@code kafka}, {@link KafkaClusterHealthIndicator}),
 * and {@link RecordTracing}, which carries a job's trace across records (off unless
 * {@code AUTOBOLT_TRACING_OTLP_ENDPOINT} is set). Each service decides which topics it provisions and when.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KafkaSettings.class)
@PropertySource("classpath:autobolt-kafka.properties")
public class KafkaSetupConfiguration {

    @Bean
    TopicProvisioner topicProvisioner(KafkaSettings settings) {
        return new TopicProvisioner(settings);
    }

    @Bean
    KafkaClusterHealthIndicator kafkaHealthIndicator(KafkaSettings settings) {
        return new KafkaClusterHealthIndicator(settings);
    }

    @Bean
    TopicsHealthIndicator kafkaTopicsHealthIndicator(TopicProvisioner provisioner) {
        return new TopicsHealthIndicator(provisioner);
    }

    @Bean
    RecordTracing recordTracing(
            Environment environment, ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        Tracer activeTracer = tracer.getIfAvailable();
        Propagator activePropagator = propagator.getIfAvailable();
        if (!ObservabilitySettings.tracingRequested(environment)
                || activeTracer == null
                || activeTracer == Tracer.NOOP
                || activePropagator == null
                || activePropagator == Propagator.NOOP) {
            return RecordTracing.off();
        }
        return RecordTracing.on(activeTracer, activePropagator);
    }
}
