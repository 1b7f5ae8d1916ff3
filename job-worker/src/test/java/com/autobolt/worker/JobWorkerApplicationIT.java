package com.autobolt.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.testinfra.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest
class JobWorkerApplicationIT {

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add(
                "spring.kafka.bootstrap-servers",
                () -> TestInfrastructure.kafka().bootstrapServers());
    }

    @Autowired
    KafkaProperties kafka;

    @Test
    void shouldStartAgainstARealBroker() {
        assertThat(kafka.getBootstrapServers())
                .containsExactly(TestInfrastructure.kafka().bootstrapServers());
    }
}
