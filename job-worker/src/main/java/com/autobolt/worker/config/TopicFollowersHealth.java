package com.autobolt.worker.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * DOWN, naming the topic and the reason, while a topic follower fails and retries (its view, the
 * directory catalog or the cancelled jobs, is then going stale); UP with every followed topic
 * otherwise.
 */
public final class TopicFollowersHealth implements HealthIndicator {

    private final KafkaClients clients;

    public TopicFollowersHealth(KafkaClients clients) {
        this.clients = clients;
    }

    @Override
    public Health health() {
        Map<String, String> states = new LinkedHashMap<>();
        boolean failing = false;
        for (TopicFollower follower : clients.followers()) {
            String failure = follower.failure();
            failing |= failure != null;
            states.put(follower.topic(), failure == null ? "following" : "failing, retrying: " + failure);
        }
        return (failing ? Health.down() : Health.up()).withDetails(states).build();
    }
}
