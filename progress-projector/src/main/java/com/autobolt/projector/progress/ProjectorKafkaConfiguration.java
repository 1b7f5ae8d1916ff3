package com.autobolt.projector.progress;

import com.autobolt.schemas.Topics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ProjectorProperties.class, TopicSettings.class})
class ProjectorKafkaConfiguration {

    static final String CONTAINER_FACTORY = "directoryResultsContainerFactory";

    @Bean(CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<String, byte[]> directoryResultsContainerFactory(
            KafkaProperties kafka, ProjectorProperties projector) {
        Map<String, Object> consumer = new HashMap<>(kafka.buildConsumerProperties());
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // Only results of committed worker transactions: an aborted submission attempt never shows.
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, projector.batchSize());

        var factory = new ConcurrentKafkaListenerContainerFactory<String, byte[]>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(consumer));
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(AckMode.BATCH);
        factory.setCommonErrorHandler(new DefaultErrorHandler(retryForever(projector)));
        return factory;
    }

    /** A failed batch is retried until it lands: dropping results would make progress wrong. */
    private static ExponentialBackOff retryForever(ProjectorProperties projector) {
        ExponentialBackOff backOff =
                new ExponentialBackOff(projector.retryInitialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(projector.retryMaxInterval().toMillis());
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return backOff;
    }

    @Bean
    NewTopic directoryResultsTopic(ProjectorProperties projector, TopicSettings settings) {
        return TopicBuilder.name(projector.resultsTopic())
                .partitions(settings.partitions())
                .replicas(settings.replicationFactor())
                .build();
    }

    @Bean
    NewTopic directoryResultsDeadLetterTopic(ProjectorProperties projector, TopicSettings settings) {
        return TopicBuilder.name(Topics.deadLetterOf(projector.resultsTopic()))
                .partitions(settings.partitions())
                .replicas(settings.replicationFactor())
                .build();
    }
}
