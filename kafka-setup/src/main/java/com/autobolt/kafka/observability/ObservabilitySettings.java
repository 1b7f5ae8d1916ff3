package com.autobolt.kafka.observability;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Turns the two observability settings every service shares into Spring Boot's own properties, before
 * logging starts: {@code AUTOBOLT_LOG_FORMAT} ({@code text}, the default, or {@code json}: one
 * Logstash-shaped JSON object per line, MDC entries as fields) and {@code AUTOBOLT_TRACING_OTLP_ENDPOINT}
 * (the OTLP/HTTP traces URL; unset: tracing off).
 *
 * <p>Tracing is off unless the endpoint is set: nothing exported, nothing propagated, and a sampling
 * probability of 0, so Spring's own instrumentation (the HTTP server's observations) records no span.
 * Spring Boot cannot take an empty endpoint as "none" (it would build an exporter without a URL),
 * which is why one variable is mapped to several properties here. The Boot properties stay the last
 * word: each is only a default, below application.properties and the environment.
 */
public final class ObservabilitySettings implements EnvironmentPostProcessor, Ordered {

    public static final String LOG_FORMAT = "autobolt.log.format";
    public static final String OTLP_ENDPOINT = "autobolt.tracing.otlp.endpoint";
    static final String SOURCE_NAME = "autobolt-observability";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new HashMap<>();
        String format = environment.getProperty(LOG_FORMAT, "text").trim().toLowerCase(Locale.ROOT);
        switch (format) {
            case "json" -> defaults.put("logging.structured.format.console", "logstash");
            case "text", "" -> {}
            default ->
                throw new IllegalStateException("AUTOBOLT_LOG_FORMAT must be text or json, not '" + format + "'");
        }
        String endpoint = environment.getProperty(OTLP_ENDPOINT);
        if (StringUtils.hasText(endpoint)) {
            defaults.put("management.opentelemetry.tracing.export.otlp.endpoint", endpoint.trim());
            defaults.put("management.tracing.sampling.probability", "1.0");
        } else {
            defaults.put("management.tracing.export.enabled", "false");
            defaults.put("management.tracing.sampling.probability", "0.0");
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
    }

    /** After the configuration files are read, so that a value given there is seen. */
    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }

    /** Whether the environment asks for tracing: an OTLP endpoint is set. */
    public static boolean tracingRequested(org.springframework.core.env.Environment environment) {
        return StringUtils.hasText(environment.getProperty(OTLP_ENDPOINT))
                && environment.getProperty("management.tracing.export.enabled", Boolean.class, true);
    }
}
