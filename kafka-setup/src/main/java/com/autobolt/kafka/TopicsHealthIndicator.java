package com.autobolt.kafka;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The service's topics: DOWN while they could not be provisioned (with why: missing and not allowed to
 * create, Kafka unreachable or refusing); UP once they were, with the topics it created and whatever
 * differs from the declaration (which needs an operator, not a restart).
 */
public final class TopicsHealthIndicator implements HealthIndicator {

    private final TopicProvisioner provisioner;

    public TopicsHealthIndicator(TopicProvisioner provisioner) {
        this.provisioner = provisioner;
    }

    @Override
    public Health health() {
        String failure = provisioner.lastFailure();
        if (failure != null) {
            return Health.down().withDetail("error", failure).build();
        }
        TopicReport report = provisioner.lastReport();
        if (report == null) {
            return Health.unknown().withDetail("state", "not provisioned yet").build();
        }
        return Health.up()
                .withDetail("created", report.created())
                .withDetail("problems", report.problems())
                .build();
    }
}
