package com.autobolt.examples.analytics.outcomes;

import com.autobolt.schemas.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the subscriber reaches Kafka ({@code analytics.kafka.*}).
 *
 * @param bootstrapServers the brokers; when blank, the client config file's {@code bootstrap.servers}
 * @param clientConfigFile a Kafka client properties file (e.g. the local stack's
 *     {@code .autobolt/kafka-client.properties}: bootstrap servers and SASL settings), or blank
 * @param properties any other Kafka client setting, passed through as is (SASL, TLS, timeouts), e.g.
 *     {@code analytics.kafka.properties[security.protocol]=SASL_SSL}; these win over the file's
 * @param topic the topic of {@code DirectoryOutcomeRecorded} events
 * @param groupId the consumer group: instances of one subscriber share the topic's partitions. Only for
 *     the assignment; the group's offsets in Kafka are never used (ours are in PostgreSQL)
 * @param maxPollRecords the most records one database transaction applies
 */
@ConfigurationProperties("analytics.kafka")
public record SubscriberSettings(
        String bootstrapServers,
        Path clientConfigFile,
        Map<String, String> properties,
        @DefaultValue(Topics.ANALYTICS_DIRECTORY_OUTCOMES) String topic,
        @DefaultValue("analytics-subscriber") String groupId,
        @DefaultValue("500") int maxPollRecords) {

    public SubscriberSettings {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        if ((bootstrapServers == null || bootstrapServers.isBlank()) && clientConfigFile == null) {
            // Said at start, before anything else is set up.
            throw new IllegalArgumentException(
                    "no Kafka to read from: set analytics.kafka.bootstrap-servers or analytics.kafka.client-config-file");
        }
        if (maxPollRecords < 1) {
            throw new IllegalArgumentException("analytics.kafka.max-poll-records must be at least 1");
        }
    }

    /** The client settings before the subscriber adds its own (the ones exactly-once depends on). */
    Map<String, Object> clientProperties() {
        Map<String, Object> client = new HashMap<>();
        if (clientConfigFile != null) {
            Properties file = new Properties();
            try (InputStream in = Files.newInputStream(clientConfigFile)) {
                file.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read analytics.kafka.client-config-file " + clientConfigFile, e);
            }
            file.forEach((key, value) -> client.put(key.toString(), value));
        }
        client.putAll(properties);
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            client.put("bootstrap.servers", bootstrapServers);
        }
        if (!client.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException(
                    "analytics.kafka.client-config-file " + clientConfigFile + " has no bootstrap.servers");
        }
        return client;
    }
}
