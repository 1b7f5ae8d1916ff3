package com.autobolt.api.cdc;

import com.autobolt.kafka.KafkaSettings;
import com.autobolt.kafka.TopicProvisioner;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The change stream: on by default, off with {@code autobolt.cdc.enabled=false}. It connects as a role
 * of its own ({@code autobolt.cdc.database-user}, with REPLICATION), never as the application's.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "autobolt.cdc", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(CdcProperties.class)
class CdcConfiguration {

    @Bean
    ChangeStreamStatus changeStreamStatus() {
        return new ChangeStreamStatus(Clock.systemUTC());
    }

    @Bean
    SlotWal slotWal(CdcProperties properties, DataSource dataSource) {
        return new SlotWal(dataSource, properties.slotName());
    }

    @Bean
    ChangeStreamSupervisor changeStreamSupervisor(
            CdcProperties properties,
            KafkaSettings kafka,
            TopicProvisioner topics,
            ChangeStreamStatus status,
            SlotWal slotWal,
            MeterRegistry registry,
            @Value("${spring.datasource.url}") String url,
            @Value("${autobolt.cdc.database-user:}") String user,
            @Value("${autobolt.cdc.database-password:}") String password) {
        if (user.isBlank()) {
            throw new IllegalStateException("the change stream needs its own database role: set AUTOBOLT_CDC_DB_USER"
                    + " (autobolt.cdc.database-user) and AUTOBOLT_CDC_DB_PASSWORD to a role with REPLICATION"
                    + " (deploy/postgres/roles.sql: autobolt_cdc), or turn the change stream off with"
                    + " AUTOBOLT_CDC_ENABLED=false");
        }
        return new ChangeStreamSupervisor(
                properties,
                kafka,
                topics,
                DatabaseCoordinates.fromJdbcUrl(url, user, password),
                status,
                slotWal,
                new ChangeStreamMetrics(registry, Clock.systemUTC()));
    }

    @Bean
    ChangeStreamHealthIndicator changeStreamHealthIndicator(
            ChangeStreamStatus status, CdcProperties properties, SlotWal slotWal) {
        return new ChangeStreamHealthIndicator(status, properties.slotName(), slotWal);
    }
}
