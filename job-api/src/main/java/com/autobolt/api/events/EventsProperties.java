package com.autobolt.api.events;

import com.autobolt.schemas.Topics;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the live job event streams ({@code autobolt.events.*}, env {@code AUTOBOLT_EVENTS_*}).
 *
 * @param enabled whether this instance reads the jobs change topic and serves the streams; follows
 *     {@code autobolt.cdc.enabled} unless set
 * @param topic the jobs change topic; follows {@code autobolt.cdc.jobs-topic} unless set
 * @param keepAliveInterval how often an idle stream gets a comment line, so proxies keep it open
 *     and a vanished client is noticed
 * @param clientBuffer events queued for one client before its stream is closed as too slow (it
 *     reconnects with {@code Last-Event-ID} and loses nothing)
 * @param maxClients streams one instance serves at once; more are refused with 503
 * @param replayTimeout how long a resuming client's catch-up from Kafka may take
 */
@ConfigurationProperties(prefix = "autobolt.events")
record EventsProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue(Topics.JOBS) String topic,
        @DefaultValue("15s") Duration keepAliveInterval,
        @DefaultValue("1000") int clientBuffer,
        @DefaultValue("500") int maxClients,
        @DefaultValue("60s") Duration replayTimeout) {

    EventsProperties {
        if (clientBuffer < 1) {
            throw new IllegalArgumentException("autobolt.events.client-buffer must be at least 1, was " + clientBuffer);
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException("autobolt.events.max-clients must be at least 1, was " + maxClients);
        }
        if (keepAliveInterval.isNegative() || keepAliveInterval.isZero()) {
            throw new IllegalArgumentException("autobolt.events.keep-alive-interval must be positive");
        }
    }
}
