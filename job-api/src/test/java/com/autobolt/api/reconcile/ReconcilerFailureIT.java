package com.autobolt.api.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.api.cdc.CdcTestSupport;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

/** A reconciler whose repairs Kafka does not acknowledge: it reports the error and records nothing. */
class ReconcilerFailureIT {

    private static CdcTestSupport world;
    private static ConfigurableApplicationContext instance;

    @BeforeAll
    static void startJobApi() {
        world = new CdcTestSupport();
        instance = world.startInstance(
                WebApplicationType.NONE,
                "autobolt.cdc.enabled=false",
                "autobolt.reconciler.enabled=true",
                "autobolt.reconciler.interval=500ms",
                "autobolt.reconciler.dispatch-bound=1s",
                // Nothing listens there: every send fails once the producer gives up waiting for metadata.
                "autobolt.kafka.bootstrap-servers=127.0.0.1:1");
    }

    @AfterAll
    static void stopJobApi() throws Exception {
        world.close();
    }

    @Test
    void shouldReportTheErrorAndRecordNoRepairWhenKafkaDoesNotAcknowledge() throws Exception {
        UUID customerId = world.insertCustomer();
        String directory = "dir-" + UUID.randomUUID().toString().substring(0, 8);
        world.insertDirectory(directory);
        UUID jobId = UUID.randomUUID();
        world.execute(
                "INSERT INTO jobs (id, customer_id, package_type, directory_count, planned_directory_ids,"
                        + " dispatch_directory_ids, business_profile, progress_total, updated_at)"
                        + " VALUES (?, ?, 'starter', 1, ARRAY[?], ARRAY[?], '{\"businessName\": \"Harbor Bakery\", \"email\": \"hello@harborbakery.example\"}', 1,"
                        + " now() - interval '1 hour')",
                jobId,
                customerId,
                directory,
                directory);
        ReconcilerHealthIndicator indicator = instance.getBean(ReconcilerHealthIndicator.class);

        Health health = await().atMost(Duration.ofSeconds(60))
                .until(indicator::health, h -> h.getStatus().equals(Status.DOWN));

        assertThat((String) health.getDetails().get("lastError")).contains("Kafka did not acknowledge a repair");
        assertThat(health.getDetails()).containsKey("lastErrorAt");
        assertThat((Long) health.getDetails().get("failedPasses")).isPositive();
        assertThat((Long) health.getDetails().get("jobsRepublished")).isZero();
        assertThat(world.queryLong("SELECT count(*) FROM reconciler_job_republications"))
                .isZero();
        // The pass gave up its row locks: job-api can still cancel the job.
        assertThat(world.execute("UPDATE jobs SET status = 'cancelled', completed_at = now() WHERE id = ?", jobId))
                .isEqualTo(1);
    }
}
