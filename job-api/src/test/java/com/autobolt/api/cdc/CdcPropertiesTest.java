package com.autobolt.api.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class CdcPropertiesTest {

    @Test
    void shouldHaveSafeLocalDefaults() {
        CdcProperties properties = bind(Map.of());

        assertThat(properties.enabled()).isTrue();
        assertThat(properties.jobsTopic()).isEqualTo("autobolt.public.jobs");
        assertThat(properties.jobsDeadLetterTopic()).isEqualTo("autobolt.public.jobs.dlt");
        assertThat(properties.slotName()).isEqualTo("autobolt_jobs");
        assertThat(properties.pollInterval()).isEqualTo(Duration.ofMillis(1));
        assertThat(properties.idlePollInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(properties.idleAfter()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void shouldRejectAnIdlePollIntervalBelowTheBusyOne() {
        assertThatThrownBy(() ->
                        bind(Map.of("autobolt.cdc.poll-interval", "10ms", "autobolt.cdc.idle-poll-interval", "5ms")))
                .hasRootCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldBackOffExponentiallyUpToTheCap() {
        CdcProperties properties =
                bind(Map.of("autobolt.cdc.retry-initial-backoff", "1s", "autobolt.cdc.retry-max-backoff", "30s"));

        assertThat(properties.backoff().after(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(properties.backoff().after(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.backoff().after(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(properties.backoff().after(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.backoff().after(1_000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldRejectASlotNamePostgresWouldRefuse() {
        assertThatThrownBy(() -> bind(Map.of("autobolt.cdc.slot-name", "Robert'); DROP TABLE jobs;--")))
                .hasRootCauseInstanceOf(IllegalArgumentException.class);
    }

    private static CdcProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("autobolt.cdc", CdcProperties.class);
    }
}
