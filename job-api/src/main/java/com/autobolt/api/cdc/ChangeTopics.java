package com.autobolt.api.cdc;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the change topics, their dead-letter topics and the compacted offsets topic when missing. */
final class ChangeTopics {

    private static final int TIMEOUT_SECONDS = 15;

    private ChangeTopics() {}

    static void ensure(CdcProperties properties) throws InterruptedException {
        short replication = properties.replicationFactor();
        List<NewTopic> wanted = List.of(
                new NewTopic(properties.jobsTopic(), properties.jobsPartitions(), replication),
                new NewTopic(properties.jobsDeadLetterTopic(), 1, replication),
                new NewTopic(properties.directoriesTopic(), properties.directoriesPartitions(), replication),
                new NewTopic(properties.directoriesDeadLetterTopic(), 1, replication),
                // Kafka Connect requires its offsets topic to be compacted: only the latest offset per key matters.
                new NewTopic(
                                properties.offsetTopic(),
                                properties.offsetPartitions(),
                                properties.offsetReplicationFactor())
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_SECONDS * 1000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_SECONDS * 1000);
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing =
                    wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                createIgnoringRaces(admin, missing);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka unavailable, cannot check the change topics: " + rootMessage(e), e);
        }
    }

    private static void createIgnoringRaces(Admin admin, List<NewTopic> missing)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            admin.createTopics(missing).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private static String rootMessage(Exception e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
