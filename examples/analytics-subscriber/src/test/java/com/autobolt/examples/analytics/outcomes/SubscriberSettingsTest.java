package com.autobolt.examples.analytics.outcomes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubscriberSettingsTest {

    @TempDir
    Path directory;

    @Test
    void shouldTakeTheClientFileThenThePropertiesThenTheBootstrapServers() throws IOException {
        // As the local stack writes .autobolt/kafka-client.properties.
        Path file = Files.writeString(directory.resolve("kafka-client.properties"), """
                bootstrap.servers=127.0.0.1\\:9094
                security.protocol=SASL_PLAINTEXT
                sasl.mechanism=SCRAM-SHA-512
                """);

        assertThat(settings(null, file, Map.of()).clientProperties())
                .containsEntry("bootstrap.servers", "127.0.0.1:9094")
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(settings("kafka:9092", file, Map.of("security.protocol", "SASL_SSL"))
                        .clientProperties())
                .containsEntry("bootstrap.servers", "kafka:9092")
                .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void shouldKeepItsOwnConsumerSettingsWhateverIsPassedThrough() {
        SubscriberSettings settings = settings(
                "kafka:9092",
                null,
                Map.of("enable.auto.commit", "true", "isolation.level", "read_uncommitted", "group.id", "other"));

        assertThat(new OutcomeSubscriber(settings, null, null, null).consumerProperties())
                .containsEntry("enable.auto.commit", false)
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("group.id", "analytics-subscriber")
                .containsEntry("max.poll.records", 500);
    }

    @Test
    void shouldRefuseToStartWithoutAKafka() {
        assertThatThrownBy(() -> settings("", null, Map.of()).clientProperties())
                .hasMessageContaining("analytics.kafka.bootstrap-servers");
        assertThatThrownBy(() -> settings(null, directory.resolve("missing.properties"), Map.of())
                        .clientProperties())
                .hasMessageContaining("cannot read analytics.kafka.client-config-file");
    }

    private static SubscriberSettings settings(String bootstrapServers, Path file, Map<String, String> properties) {
        return new SubscriberSettings(
                bootstrapServers,
                file,
                properties,
                "autobolt.analytics.directory-outcomes",
                "analytics-subscriber",
                500);
    }
}
