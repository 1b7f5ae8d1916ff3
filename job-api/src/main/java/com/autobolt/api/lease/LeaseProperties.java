package com.autobolt.api.lease;

import com.autobolt.schemas.Topics;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the lease service ({@code autobolt.lease.*}; env names in application.properties).
 *
 * @param enabled whether job-api follows the external task topic and serves {@code /api/autobolt/jobs/*}
 * @param duration how long a lease holds its tasks without a call from its worker (the visibility timeout);
 *     every {@code update} extends it by as much
 * @param maxLeasesPerWorker open leases one worker name may hold at once; one more gets 429
 * @param maxTasks the most tasks one lease may take ({@code maxTasks} of a request is capped here)
 * @param externalTasksTopic where the dispatcher publishes claims of external directories
 * @param resultsTopic where the results of leased tasks go
 * @param producerDeliveryTimeout how long a result send may take before the request fails (503) and its
 *     transaction is rolled back
 */
@ConfigurationProperties(prefix = "autobolt.lease")
record LeaseProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10m") Duration duration,
        @DefaultValue("4") int maxLeasesPerWorker,
        @DefaultValue("50") int maxTasks,
        @DefaultValue(Topics.DIRECTORY_TASKS_EXTERNAL) String externalTasksTopic,
        @DefaultValue(Topics.DIRECTORY_RESULTS) String resultsTopic,
        @DefaultValue("30s") Duration producerDeliveryTimeout) {

    LeaseProperties {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("autobolt.lease.duration must be positive, was " + duration);
        }
        if (maxLeasesPerWorker < 1 || maxTasks < 1) {
            throw new IllegalArgumentException("autobolt.lease.max-leases-per-worker and max-tasks must be >= 1");
        }
    }
}
