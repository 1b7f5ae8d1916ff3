package com.autobolt.worker.execute;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.kafka.KafkaSettings;
import com.autobolt.worker.config.KafkaClients;
import com.autobolt.worker.config.WorkerProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CancelledJobsTest {

    private final CancelledJobs cancellations = new CancelledJobs(
            new KafkaClients(
                    KafkaSettings.plaintext("localhost:1"),
                    new WorkerProperties.Kafka(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(3))),
            "jobs",
            Duration.ofDays(1),
            Clock.systemUTC());

    @Test
    void shouldSkipTheCancelledAttemptAndEarlierOnesButRunTheRetryThatResumesIt() {
        UUID job = UUID.randomUUID();
        cancellations.cancelled(job, 2, Instant.now());

        assertThat(cancellations.isCancelled(job, 1)).isTrue();
        assertThat(cancellations.isCancelled(job, 2)).isTrue();
        // The retry's tasks may arrive before this view reads the retry: they run all the same.
        assertThat(cancellations.isCancelled(job, 3)).isFalse();
        assertThat(cancellations.isCancelled(UUID.randomUUID(), 1)).isFalse();
    }

    @Test
    void shouldKeepTheLatestCancelledAttemptWhateverTheOrderItLearnsThemIn() {
        UUID job = UUID.randomUUID();
        cancellations.cancelled(job, 3, Instant.now());
        cancellations.cancelled(job, 1, Instant.now());

        assertThat(cancellations.isCancelled(job, 3)).isTrue();
        assertThat(cancellations.isCancelled(job, 4)).isFalse();
    }

    @Test
    void shouldForgetCancellationsOlderThanTheRetention() {
        UUID job = UUID.randomUUID();
        cancellations.cancelled(job, 1, Instant.now().minus(Duration.ofDays(2)));

        assertThat(cancellations.isCancelled(job, 1)).isFalse();
    }
}
