package com.autobolt.api.lease;

import com.autobolt.api.audit.AuditTrail;
import com.autobolt.api.cdc.ChangeProducerSettings;
import com.autobolt.kafka.KafkaSettings;
import com.autobolt.kafka.TopicProvisioner;
import io.micrometer.core.instrument.MeterRegistry;
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

/** The lease service: on by default, off with {@code autobolt.lease.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "autobolt.lease", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(LeaseProperties.class)
class LeaseConfiguration {

    @Bean(destroyMethod = "")
    Producer<String, byte[]> leaseProducer(LeaseProperties properties, KafkaSettings kafka) {
        // Linger 0: a worker waits for its report's acknowledgement, so nothing is gained by batching.
        return new KafkaProducer<>(ChangeProducerSettings.of(
                kafka, "autobolt-lease", Duration.ZERO, properties.producerDeliveryTimeout()));
    }

    @Bean
    LeaseMetrics leaseMetrics(MeterRegistry registry) {
        return new LeaseMetrics(registry);
    }

    @Bean
    LeaseService leaseService(
            LeaseProperties properties,
            Producer<String, byte[]> leaseProducer,
            JdbcTemplate jdbc,
            PlatformTransactionManager transactions,
            LeaseMetrics metrics) {
        return new LeaseService(
                jdbc,
                new TransactionTemplate(transactions),
                new ResultSends(leaseProducer, properties.resultsTopic()),
                properties,
                metrics,
                Clock.systemUTC());
    }

    @Bean
    LegacyJobs legacyJobs(JdbcTemplate jdbc) {
        return new LegacyJobs(jdbc);
    }

    @Bean
    ManualResults manualResults(
            JdbcTemplate jdbc, PlatformTransactionManager transactions, LeaseService leases, AuditTrail audit) {
        return new ManualResults(jdbc, new TransactionTemplate(transactions), leases, audit);
    }

    @Bean
    ExternalTaskFollower externalTaskFollower(
            LeaseProperties properties,
            KafkaSettings kafka,
            TopicProvisioner provisioner,
            Producer<String, byte[]> leaseProducer,
            JdbcTemplate jdbc,
            PlatformTransactionManager transactions,
            LeaseMetrics metrics) {
        return new ExternalTaskFollower(
                kafka,
                provisioner,
                leaseProducer,
                jdbc,
                new TransactionTemplate(transactions),
                metrics,
                properties.externalTasksTopic(),
                properties.resultsTopic());
    }

    /** Closed after the follower stops (Spring stops lifecycles before destroying beans). */
    @Bean
    AutoCloseable leaseProducerCloser(Producer<String, byte[]> leaseProducer) {
        return () -> leaseProducer.close(Duration.ofSeconds(5));
    }
}
