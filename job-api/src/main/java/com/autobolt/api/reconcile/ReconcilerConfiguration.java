package com.autobolt.api.reconcile;

import com.autobolt.api.cdc.ChangeProducerSettings;
import com.autobolt.kafka.KafkaSettings;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The reconciler: on by default, off with {@code autobolt.reconciler.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "autobolt.reconciler", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(ReconcilerProperties.class)
class ReconcilerConfiguration {

    @Bean
    ReconcilerStatus reconcilerStatus() {
        return new ReconcilerStatus(Clock.systemUTC());
    }

    @Bean
    Reconciler reconciler(
            ReconcilerProperties properties,
            KafkaSettings kafka,
            ReconcilerStatus status,
            JdbcTemplate jdbc,
            PlatformTransactionManager transactions) {
        // Created now, connects on the first repair: a pass with nothing to repair never needs Kafka.
        Producer<String, byte[]> producer = new KafkaProducer<>(ChangeProducerSettings.of(
                kafka, "autobolt-reconciler", Duration.ZERO, properties.producerDeliveryTimeout()));
        ReconcilePass pass = new ReconcilePass(
                new TransactionTemplate(transactions),
                jdbc,
                producer,
                new JobRepublications(jdbc, properties),
                new TaskRepairs(jdbc, properties, Clock.systemUTC()));
        return new Reconciler(pass, status, properties.interval(), () -> producer.close(Duration.ofSeconds(5)));
    }

    /** {@code autobolt_reconciler_actions_total} and {@code autobolt_reconciler_passes_total}. */
    @Bean
    ReconcilerMetrics reconcilerMetrics(ReconcilerStatus status) {
        return new ReconcilerMetrics(status);
    }

    @Bean
    ReconcilerHealthIndicator reconcilerHealthIndicator(ReconcilerStatus status) {
        return new ReconcilerHealthIndicator(status);
    }
}
