package com.autobolt.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether the Kafka cluster answers this service, as {@code kafka} in health and in the readiness group:
 * UP with the cluster id and how many brokers it reports, DOWN when no broker answered within
 * {@link #CALL_TIMEOUT} (with what failed). One admin client is kept for the service's life, and an
 * answer serves every probe for {@link #ANSWER_KEPT}, so that probes, scrapes and dashboards asking
 * at once cost the brokers one metadata request, not one connection and handshake each.
 */
public final class KafkaClusterHealthIndicator implements HealthIndicator, DisposableBean {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

    static final Duration ANSWER_KEPT = Duration.ofSeconds(5);

    private final KafkaSettings settings;
    private final LongSupplier nanoClock;
    private Admin admin;
    private Health lastAnswer;
    private long lastAnswerAt;

    public KafkaClusterHealthIndicator(KafkaSettings settings) {
        this(settings, System::nanoTime);
    }

    KafkaClusterHealthIndicator(KafkaSettings settings, LongSupplier nanoClock) {
        this.settings = settings;
        this.nanoClock = nanoClock;
    }

    @Override
    public synchronized Health health() {
        long now = nanoClock.getAsLong();
        if (lastAnswer == null || now - lastAnswerAt >= ANSWER_KEPT.toNanos()) {
            lastAnswer = ask();
            lastAnswerAt = nanoClock.getAsLong();
        }
        return lastAnswer;
    }

    private Health ask() {
        DescribeClusterResult cluster =
                admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) CALL_TIMEOUT.toMillis()));
        try {
            String clusterId = cluster.clusterId().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            int brokers = cluster.nodes()
                    .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .size();
            return Health.up()
                    .withDetail("clusterId", clusterId)
                    .withDetail("brokers", brokers)
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.unknown().withDetail("error", "interrupted").build();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Health.down()
                    .withDetail("error", cause.getClass().getSimpleName() + ": " + cause.getMessage())
                    .build();
        } catch (TimeoutException e) {
            return Health.down()
                    .withDetail("error", "no broker answered within " + CALL_TIMEOUT.toSeconds() + " s")
                    .build();
        }
    }

    private Admin admin() {
        if (admin == null) {
            Map<String, Object> config = new HashMap<>(settings.clientProperties());
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
            admin = Admin.create(config);
        }
        return admin;
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
            admin = null;
        }
    }
}
