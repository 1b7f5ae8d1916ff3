package com.autobolt.kafka;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

/**
 * What every service imports to reach Kafka: {@link KafkaSettings} bound from {@code autobolt.kafka.*}
 * (environment names in {@code autobolt-kafka.properties}), the {@link TopicProvisioner} and its health
 * ({@code kafkaTopics}), and whether the cluster answers ({@code kafka}, {@link KafkaClusterHealthIndicator}). Each service decides which topics it provisions and when.
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
}
