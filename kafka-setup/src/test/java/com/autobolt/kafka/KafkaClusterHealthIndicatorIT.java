package com.autobolt.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.testinfra.TestInfrastructure;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;

/** Against the real test broker, and against a port where no broker listens. */
class KafkaClusterHealthIndicatorIT {

    @Test
    void isUpWithTheClusterItReachesAndKeepsTheAnswerForAFewSeconds() {
        AtomicLong nanos = new AtomicLong();
        KafkaClusterHealthIndicator indicator = new KafkaClusterHealthIndicator(
                KafkaSettings.plaintext(TestInfrastructure.kafka().bootstrapServers()), nanos::get);
        try {
            Health first = indicator.health();
            assertThat(first.getStatus().getCode()).isEqualTo("UP");
            assertThat(first.getDetails()).containsEntry("brokers", 1).containsKey("clusterId");

            nanos.addAndGet(KafkaClusterHealthIndicator.ANSWER_KEPT.toNanos() - 1);
            assertThat(indicator.health()).isSameAs(first);

            nanos.addAndGet(1);
            Health asked = indicator.health();
            assertThat(asked).isNotSameAs(first);
            assertThat(asked.getStatus().getCode()).isEqualTo("UP");
        } finally {
            indicator.destroy();
        }
    }

    @Test
    void isDownNamingWhyWhenNoBrokerAnswers() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        KafkaClusterHealthIndicator indicator =
                new KafkaClusterHealthIndicator(KafkaSettings.plaintext("127.0.0.1:" + closedPort));
        try {
            long started = System.nanoTime();
            Health health = indicator.health();

            assertThat(health.getStatus().getCode()).isEqualTo("DOWN");
            assertThat(String.valueOf(health.getDetails().get("error"))).isNotBlank();
            // Bounded by the call timeout (plus the client's own start), so a probe never hangs.
            assertThat(System.nanoTime() - started)
                    .isLessThan(KafkaClusterHealthIndicator.CALL_TIMEOUT
                            .multipliedBy(4)
                            .toNanos());
        } finally {
            indicator.destroy();
        }
    }
}
