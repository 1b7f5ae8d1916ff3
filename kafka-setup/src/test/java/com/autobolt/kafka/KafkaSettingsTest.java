package com.autobolt.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

class KafkaSettingsTest {

    @Test
    void bindsEveryClientSettingFromTheEnvironmentAndTheRestFromThePropertiesFile() throws IOException {
        KafkaSettings settings = bind(Map.of(
                "AUTOBOLT_KAFKA_BOOTSTRAP_SERVERS", "k1:9093,k2:9093",
                "AUTOBOLT_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL",
                "AUTOBOLT_KAFKA_CLIENT_SASL_MECHANISM", "SCRAM-SHA-512",
                "AUTOBOLT_KAFKA_CLIENT_SASL_JAAS_CONFIG", "secret-jaas",
                "AUTOBOLT_KAFKA_CLIENT_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/truststore.p12",
                "AUTOBOLT_KAFKA_REPLICATION_FACTOR", "3",
                "AUTOBOLT_KAFKA_MIN_INSYNC_REPLICAS", "2",
                "AUTOBOLT_KAFKA_PARTITIONS", "24",
                "AUTOBOLT_KAFKA_CREATE_TOPICS", "false"));

        assertThat(settings.clientProperties())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "bootstrap.servers", "k1:9093,k2:9093",
                        "security.protocol", "SASL_SSL",
                        "sasl.mechanism", "SCRAM-SHA-512",
                        "sasl.jaas.config", "secret-jaas",
                        "ssl.truststore.location", "/etc/kafka/truststore.p12"));
        assertThat(settings.topics()).isEqualTo(new TopicSettings(24, (short) 3, 2, false));
        assertThat(settings.toString()).doesNotContain("secret-jaas").contains("sasl.jaas.config");
    }

    @Test
    void withoutAnEnvironmentTheDefaultsAreTheLocalOnes() throws IOException {
        KafkaSettings settings = bind(Map.of());

        assertThat(settings.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(settings.client()).isEmpty();
        assertThat(settings.topics()).isEqualTo(TopicSettings.LOCAL);
    }

    @Test
    void refusesClientSettingsThatAutoBoltDecidesPerClient() {
        assertThatThrownBy(() ->
                        KafkaSettings.plaintext("k:9092").withClient(Map.of("isolation.level", "read_uncommitted")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("autobolt.kafka.client.isolation.level");
    }

    @Test
    void refusesAMinIsrAboveTheReplicationFactor() {
        assertThatThrownBy(() -> new TopicSettings(12, (short) 1, 2, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min-insync-replicas");
    }

    private static KafkaSettings bind(Map<String, Object> environment) throws IOException {
        StandardEnvironment spring = new StandardEnvironment();
        spring.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        spring.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        spring.getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
        spring.getPropertySources()
                .addLast(new ResourcePropertySource(new ClassPathResource("autobolt-kafka.properties")));
        ConfigurationPropertySources.attach(spring);
        return Binder.get(spring).bindOrCreate("autobolt.kafka", KafkaSettings.class);
    }
}
