package com.autobolt.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How every AutoBolt service reaches Kafka ({@code autobolt.kafka.*}): the bootstrap servers, the client
 * settings every client gets (TLS trust and key stores, SASL mechanism and JAAS config, ...) and how
 * topics are provisioned. The environment names are in {@code autobolt-kafka.properties}; client settings
 * come from {@code AUTOBOLT_KAFKA_CLIENT_<KAFKA_PROPERTY>} ({@code AUTOBOLT_KAFKA_CLIENT_SECURITY_PROTOCOL},
 * {@code AUTOBOLT_KAFKA_CLIENT_SASL_JAAS_CONFIG}, ...).
 *
 * @param client Kafka client properties given to every admin, producer and consumer of the service, and
 *     to the change stream's offset store; never the ones AutoBolt decides itself ({@link #RESERVED})
 */
@ConfigurationProperties("autobolt.kafka")
public record KafkaSettings(String bootstrapServers, Map<String, String> client, TopicSettings topics) {

    /**
     * What each client's code decides, because correctness depends on it (serialization, isolation,
     * transactions, commits): setting one from configuration is refused at start rather than silently
     * ignored or silently obeyed.
     */
    static final Set<String> RESERVED = Set.of(
            "bootstrap.servers",
            "key.serializer",
            "value.serializer",
            "key.deserializer",
            "value.deserializer",
            "isolation.level",
            "enable.auto.commit",
            "group.id",
            "transactional.id",
            "enable.idempotence",
            "acks");

    public KafkaSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException(
                    "autobolt.kafka.bootstrap-servers (AUTOBOLT_KAFKA_BOOTSTRAP_SERVERS) is required");
        }
        client = client == null ? Map.of() : Map.copyOf(new TreeMap<>(client));
        for (String key : client.keySet()) {
            if (RESERVED.contains(key)) {
                throw new IllegalArgumentException("autobolt.kafka.client." + key
                        + " cannot be configured: AutoBolt sets it for each client itself");
            }
        }
        topics = topics == null ? TopicSettings.LOCAL : topics;
    }

    /** A plaintext connection with the local topic settings: tests and tools on the local broker. */
    public static KafkaSettings plaintext(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, Map.of(), TopicSettings.LOCAL);
    }

    public KafkaSettings withTopics(TopicSettings topics) {
        return new KafkaSettings(bootstrapServers, client, topics);
    }

    public KafkaSettings withClient(Map<String, String> client) {
        return new KafkaSettings(bootstrapServers, client, topics);
    }

    /** The start of every client's configuration: where the brokers are and how to talk to them securely. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> properties = new HashMap<>(client);
        properties.put("bootstrap.servers", bootstrapServers);
        return properties;
    }

    /** Never prints the client settings' values: they hold passwords. */
    @Override
    public String toString() {
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", client=" + client.keySet() + ", topics="
                + topics + "]";
    }
}
