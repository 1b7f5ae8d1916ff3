package com.autobolt.api.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The change stream hands Kafka client settings to Debezium, whose engine and connector log their
 * configuration at start, and to producers and consumers, which log theirs: none of them may print a
 * secret. A SASL JAAS line (what a secured cluster needs) and the database password are given, the
 * stream is run until it publishes, and everything printed meanwhile is searched for them.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsStayOutOfLogsIT {

    @Test
    void shouldPrintNeitherTheKafkaCredentialsNorTheDatabasePassword(CapturedOutput output) throws Exception {
        String kafkaSecret = "kafka-secret-" + UUID.randomUUID();
        try (CdcTestSupport world = new CdcTestSupport()) {
            // PLAINTEXT ignores the JAAS line, but every client and Debezium still receive and may log it.
            world.startInstance(
                    "autobolt.kafka.client.sasl.jaas.config="
                            + "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"job-api\""
                            + " password=\"" + kafkaSecret + "\";",
                    // Where the configurations are printed, as in production (the tests' logging is quieter).
                    "logging.level.org.apache.kafka.common.config=INFO",
                    "logging.level.io.debezium.connector.common=INFO");
            try (ChangeTopicsReader topics = world.reader()) {
                world.awaitStreamingChanges(topics);
            }

            assertThat(output.getAll())
                    // The clients' and Debezium's configuration dumps were printed...
                    .contains("sasl.jaas.config")
                    .contains("database.password")
                    // ...without the values.
                    .doesNotContain(kafkaSecret)
                    .doesNotContain("password=" + world.database.password());
        }
    }
}
