package com.autobolt.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaConfigTest {

    private static final List<Integer> PORTS = List.of(9094, 9194, 9294);
    private static final List<Integer> CONTROLLER_PORTS = List.of(9095, 9195, 9295);
    private static final KafkaCredentials CREDENTIALS = new KafkaCredentials("client-pw", "broker-pw", "controller-pw");

    @Test
    void shouldListenAndAdvertiseTheBrokerListenerOnlyWithoutServiceListeners() {
        Properties properties = KafkaConfig.properties(
                2, Path.of("kafka"), PORTS, CONTROLLER_PORTS, StackSettings.ServiceKafkaListeners.NONE, CREDENTIALS);

        assertThat(properties.getProperty("listeners"))
                .isEqualTo("BROKER://127.0.0.1:9194,CONTROLLER://127.0.0.1:9195");
        assertThat(properties.getProperty("advertised.listeners")).isEqualTo("BROKER://127.0.0.1:9194");
        assertThat(properties.getProperty("listener.security.protocol.map"))
                .isEqualTo("BROKER:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        assertThat(properties.stringPropertyNames()).noneMatch(name -> name.startsWith("listener.name.client."));
    }

    @Test
    void shouldAdvertiseTheServiceListenerAtItsProxyAndKeepTheBrokersOnTheirOwn() {
        StackSettings.ServiceKafkaListeners listeners =
                new StackSettings.ServiceKafkaListeners(List.of(9096, 9196, 9296), List.of(9097, 9197, 9297));

        Properties properties =
                KafkaConfig.properties(2, Path.of("kafka"), PORTS, CONTROLLER_PORTS, listeners, CREDENTIALS);

        assertThat(properties.getProperty("listeners"))
                .isEqualTo("BROKER://127.0.0.1:9194,CONTROLLER://127.0.0.1:9195,CLIENT://127.0.0.1:9196");
        assertThat(properties.getProperty("advertised.listeners"))
                .isEqualTo("BROKER://127.0.0.1:9194,CLIENT://127.0.0.1:9197");
        assertThat(properties.getProperty("inter.broker.listener.name")).isEqualTo("BROKER");
        assertThat(properties.getProperty("controller.listener.names")).isEqualTo("CONTROLLER");
        assertThat(properties.getProperty("listener.security.protocol.map"))
                .isEqualTo("BROKER:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT,CLIENT:SASL_PLAINTEXT");
        assertThat(properties.getProperty("listener.name.client.sasl.enabled.mechanisms"))
                .isEqualTo("SCRAM-SHA-512");
        assertThat(properties.getProperty("listener.name.client.scram-sha-512.sasl.jaas.config"))
                .isEqualTo(CREDENTIALS.brokerJaasConfig());
    }
}
