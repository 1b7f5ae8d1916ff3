package com.autobolt.kafka.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class ObservabilitySettingsTest {

    @Test
    void shouldKeepTextLogsAndTracingOffByDefault() {
        StandardEnvironment environment = processed(Map.of());

        assertThat(environment.getProperty("logging.structured.format.console")).isNull();
        assertThat(environment.getProperty("management.tracing.export.enabled")).isEqualTo("false");
        assertThat(environment.getProperty("management.tracing.sampling.probability"))
                .isEqualTo("0.0");
        assertThat(environment.containsProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
                .isFalse();
        assertThat(ObservabilitySettings.tracingRequested(environment)).isFalse();
    }

    @Test
    void shouldWriteJsonLinesAndExportTracesWhenAsked() {
        StandardEnvironment environment = processed(Map.of(
                ObservabilitySettings.LOG_FORMAT, "json",
                ObservabilitySettings.OTLP_ENDPOINT, "http://collector:4318/v1/traces"));

        assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("logstash");
        assertThat(environment.getProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
                .isEqualTo("http://collector:4318/v1/traces");
        assertThat(environment.getProperty("management.tracing.sampling.probability"))
                .isEqualTo("1.0");
        assertThat(ObservabilitySettings.tracingRequested(environment)).isTrue();
    }

    @Test
    void shouldReadTheEnvironmentVariables() {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource(
                        "env",
                        Map.of(
                                "AUTOBOLT_LOG_FORMAT", "json",
                                "AUTOBOLT_TRACING_OTLP_ENDPOINT", "http://collector:4318/v1/traces")));
        ConfigurationPropertySources.attach(environment);
        new ObservabilitySettings().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("logstash");
        assertThat(environment.getProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
                .isEqualTo("http://collector:4318/v1/traces");
    }

    @Test
    void shouldLeaveAnExplicitBootSettingInPlace() {
        StandardEnvironment environment = processed(Map.of(
                ObservabilitySettings.OTLP_ENDPOINT,
                "http://collector:4318/v1/traces",
                "management.tracing.sampling.probability",
                "0.25"));

        assertThat(environment.getProperty("management.tracing.sampling.probability"))
                .isEqualTo("0.25");
    }

    @Test
    void shouldRefuseAnUnknownLogFormat() {
        assertThatThrownBy(() -> processed(Map.of(ObservabilitySettings.LOG_FORMAT, "xml")))
                .hasMessageContaining("AUTOBOLT_LOG_FORMAT must be text or json");
    }

    private static StandardEnvironment processed(Map<String, Object> given) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("given", given));
        new ObservabilitySettings().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }
}
