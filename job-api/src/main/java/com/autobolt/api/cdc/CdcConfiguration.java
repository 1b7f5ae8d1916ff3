package com.autobolt.api.cdc;

import com.autobolt.kafka.KafkaSettings;
import com.autobolt.kafka.TopicProvisioner;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The change stream: on by default, off with {@code autobolt.cdc.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "autobolt.cdc", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(CdcProperties.class)
class CdcConfiguration {

    @Bean
    ChangeStreamStatus changeStreamStatus() {
        return new ChangeStreamStatus(Clock.systemUTC());
    }

    @Bean
    ChangeStreamSupervisor changeStreamSupervisor(
            CdcProperties properties,
            KafkaSettings kafka,
            TopicProvisioner topics,
            ChangeStreamStatus status,
            MeterRegistry registry,
            @Value("${spring.datasource.url}") String url,
            @Value("${spring.datasource.username:}") String user,
            @Value("${spring.datasource.password:}") String password) {
        return new ChangeStreamSupervisor(
                properties,
                kafka,
                topics,
                DatabaseCoordinates.fromJdbcUrl(url, user, password),
                status,
                new ChangeStreamMetrics(registry, Clock.systemUTC()));
    }

    @Bean
    ChangeStreamHealthIndicator changeStreamHealthIndicator(ChangeStreamStatus status, CdcProperties properties) {
        return new ChangeStreamHealthIndicator(status, properties.slotName());
    }
}
