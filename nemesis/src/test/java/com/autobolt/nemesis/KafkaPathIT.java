package com.autobolt.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.stack.ApiClient;
import com.autobolt.stack.LocalStack;
import com.autobolt.stack.StackSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The soak's Kafka proxies are really in the services' path: with every node's proxy cut, a new job gets
 * no result at all, while the same job before the cut got its first ones within that time; healed, it
 * completes. Were the services still bootstrapped at, or answered with, the nodes' own listener, the
 * job would get results through the cut and the test fail.
 */
class KafkaPathIT {

    /** The ports of ./autobolt up plus this: clear of a stack that is up (+0) and of a soak (+20000). */
    private static final int PORT_SHIFT = 10_000;

    private static final long CUT_MILLIS = 20_000;

    private static KafkaProxies proxies;
    private static LocalStack stack;
    private static ApiClient staff;

    @BeforeAll
    static void startStackBehindProxies() throws Exception {
        StackSettings settings = Soak.settings(
                Path.of("..").toAbsolutePath().normalize(),
                Path.of("target", "kafka-path-stack").toAbsolutePath(),
                PORT_SHIFT,
                1,
                1);
        StackSettings.ServiceKafkaListeners listeners = Soak.serviceKafkaListeners(settings.ports());
        proxies = KafkaProxies.open(listeners);
        stack = LocalStack.start(settings.withServiceKafkaListeners(listeners));
        staff = new ApiClient(stack.apiBaseUrl(), stack.keys().staff());
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.stop();
        }
        if (proxies != null) {
            proxies.close();
        }
    }

    @Test
    void shouldStopTheServicesKafkaTrafficWhileTheProxiesAreCutAndResumeItOnceHealed() throws Exception {
        String before = createJob("Path Bakery");
        long created = System.nanoTime();
        awaitEndedResults(before, 1, 120_000);
        long firstResultMillis = (System.nanoTime() - created) / 1_000_000;
        assertThat(firstResultMillis)
                .as("with the path open, the first result comes well within the cut's length")
                .isLessThan(CUT_MILLIS);
        // The services talk to every node through its proxy: each node leads some of the partitions.
        assertThat(proxies.proxies())
                .allSatisfy(proxy -> assertThat(proxy.openConnections())
                        .as("connections through the proxy on port %d", proxy.port())
                        .isPositive());

        String during;
        try {
            for (FaultyProxy proxy : proxies.proxies()) {
                proxy.cut();
            }
            during = createJob("Path Florist");
            Thread.sleep(CUT_MILLIS);
            assertThat(endedResults(during))
                    .as(
                            "results of a job created with every Kafka proxy cut (%d ms to the first one when open)",
                            firstResultMillis)
                    .isZero();
        } finally {
            for (FaultyProxy proxy : proxies.proxies()) {
                proxy.heal();
            }
        }

        awaitTerminal(during, 150_000);
        assertThat(endedResults(during)).isEqualTo(50);
    }

    private static String createJob(String businessName) {
        String slug = businessName.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("businessName", businessName);
        customer.put("email", "owner@" + slug + ".example.com");
        customer.put("website", "https://" + slug + ".example.com");
        customer.put("category", "retail");
        customer.put("packageType", "starter");
        ApiClient.Answer answer = staff.post("/api/customers", customer);
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(201);
        ApiClient.Answer job = staff.post(
                "/api/jobs", Map.of("customerId", answer.body().get("id").asString(), "packageType", "starter"));
        assertThat(job.status()).as("%s", job.body()).isEqualTo(201);
        return job.body().get("id").asString();
    }

    private static void awaitEndedResults(String jobId, int count, long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (endedResults(jobId) < count) {
            assertThat(System.nanoTime())
                    .as("%d ended results of job %s", count, jobId)
                    .isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    private static void awaitTerminal(String jobId, long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!List.of("complete", "failed").contains(jobStatus(jobId))) {
            assertThat(System.nanoTime())
                    .as("job %s terminal after the heal (%d results ended)", jobId, endedResults(jobId))
                    .isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    private static int endedResults(String jobId) throws Exception {
        return queryInt(
                "SELECT count(*) FROM job_results WHERE job_id = ? AND status IN ('submitted', 'failed', 'skipped')",
                jobId);
    }

    private static String jobStatus(String jobId) throws Exception {
        try (Connection db = stack.connectDatabase();
                PreparedStatement query = db.prepareStatement("SELECT status FROM jobs WHERE id = ?")) {
            query.setObject(1, UUID.fromString(jobId));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    private static int queryInt(String sql, String jobId) throws Exception {
        try (Connection db = stack.connectDatabase();
                PreparedStatement query = db.prepareStatement(sql)) {
            query.setObject(1, UUID.fromString(jobId));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
