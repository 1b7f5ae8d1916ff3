package com.autobolt.api.operations;

import com.autobolt.kafka.KafkaSettings;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The operations view. Its database figures always exist; the breakers, lag and dead letters read Kafka
 * only with {@code autobolt.operations.kafka-enabled} (which follows {@code autobolt.cdc.enabled}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OperationsProperties.class)
class OperationsConfiguration {

    @Bean
    SubmissionFigures submissionFigures(DataSource dataSource, OperationsProperties properties) {
        return new SubmissionFigures(dataSource, properties, Clock.systemUTC());
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "autobolt.operations.kafka-enabled", matchIfMissing = true)
    BreakerView breakerView(KafkaSettings kafka, OperationsProperties properties) {
        return new BreakerView(kafka, properties, Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnBooleanProperty(name = "autobolt.operations.kafka-enabled", matchIfMissing = true)
    KafkaFigures kafkaFigures(KafkaSettings kafka, OperationsProperties properties) {
        return new KafkaFigures(kafka, properties, Clock.systemUTC());
    }

    @Bean
    OperationsController operationsController(
            SubmissionFigures submissions,
            ObjectProvider<BreakerView> breakers,
            ObjectProvider<KafkaFigures> kafka,
            OperationsProperties properties) {
        return new OperationsController(
                submissions,
                Optional.ofNullable(breakers.getIfAvailable()),
                Optional.ofNullable(kafka.getIfAvailable()),
                properties);
    }
}
