package com.autobolt.api.events;

import com.autobolt.api.job.JobLookup;
import com.autobolt.kafka.KafkaSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live event streams. The endpoints always exist; the feed behind them reads Kafka only when
 * {@code autobolt.events.enabled} (which follows {@code autobolt.cdc.enabled}), else they answer 503.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EventsProperties.class)
class EventsConfiguration {

    @Bean
    JobEventDecoder jobEventDecoder(JsonMapper json) {
        return new JobEventDecoder(json);
    }

    @Bean
    @ConditionalOnProperty(prefix = "autobolt.events", name = "enabled", havingValue = "true", matchIfMissing = true)
    JobEventFeed jobEventFeed(EventsProperties properties, KafkaSettings kafka, JobEventDecoder decoder) {
        return new JobEventFeed(properties, new ChangeTopicConsumers(kafka), decoder);
    }

    /** {@code autobolt_events_streams_open}: the event streams (SSE) open now, live and per job alike. */
    @Bean
    @ConditionalOnProperty(prefix = "autobolt.events", name = "enabled", havingValue = "true", matchIfMissing = true)
    MeterBinder openEventStreams(JobEventFeed feed) {
        return registry -> Gauge.builder("autobolt.events.streams.open", feed, JobEventFeed::subscriberCount)
                .description("Event streams (Server-Sent Events) open on this instance")
                .register(registry);
    }

    @Bean
    JobEventStreams jobEventStreams(
            EventsProperties properties,
            ObjectProvider<JobEventFeed> feed,
            JobEventDecoder decoder,
            JobLookup jobs,
            JsonMapper json) {
        return new JobEventStreams(properties, Optional.ofNullable(feed.getIfAvailable()), decoder, jobs, json);
    }
}
