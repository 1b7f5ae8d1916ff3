package com.autobolt.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.autobolt.testinfra.TestInfrastructure;
import com.autobolt.testinfra.kafka.KafkaServer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** Against the real test broker, which (like a production cluster) never creates a topic by itself. */
class TopicProvisionerIT {

    private final KafkaServer kafka = TestInfrastructure.kafka();
    private final KafkaSettings settings = KafkaSettings.plaintext(kafka.bootstrapServers());

    @Test
    void createsMissingTopicsAsDeclared() throws Exception {
        String catalog = kafka.uniqueName("catalog");
        String results = kafka.uniqueName("results");
        TopicProvisioner provisioner = new TopicProvisioner(settings);

        TopicReport report = provisioner.ensure(List.of(
                AutoBoltTopics.catalog(catalog),
                AutoBoltTopics.work(results, settings.topics()),
                AutoBoltTopics.deadLetterOf(results)));

        assertThat(report.created()).containsExactlyInAnyOrder(catalog, results, results + ".dlt");
        assertThat(report.problems()).isEmpty();
        try (Admin admin = Admin.create(settings.clientProperties())) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(catalog, results))
                    .allTopicNames()
                    .get();
            assertThat(topics.get(results).partitions()).hasSize(12);
            assertThat(config(admin, catalog).get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(config(admin, results).get("cleanup.policy").value()).isEqualTo("delete");
            assertThat(config(admin, results).get("retention.ms").value()).isEqualTo("604800000");
        }
        // A second instance finds them and creates nothing.
        assertThat(provisioner.ensure(List.of(AutoBoltTopics.catalog(catalog))).created())
                .isEmpty();
    }

    @Test
    void refusesToStartWithoutTopicsItMayNotCreateAndNamesThem() {
        String tasks = kafka.uniqueName("tasks");
        KafkaSettings noCreation = settings.withTopics(new TopicSettings(12, (short) 1, 1, false));
        TopicProvisioner provisioner = new TopicProvisioner(noCreation);

        assertThatThrownBy(() -> provisioner.ensure(List.of(AutoBoltTopics.work(tasks, noCreation.topics()))))
                .isInstanceOf(MissingTopicsException.class)
                .hasMessageContaining(tasks)
                .hasMessageContaining("AUTOBOLT_KAFKA_CREATE_TOPICS");
        assertThat(provisioner.lastFailure()).contains(tasks);
        assertThat(new TopicsHealthIndicator(provisioner).health().getStatus().getCode())
                .isEqualTo("DOWN");
    }

    @Test
    void reportsTopicsThatExistWithTheWrongShapeWithoutTouchingThem() throws Exception {
        String catalog = kafka.uniqueName("catalog");
        String tasks = kafka.uniqueName("tasks");
        String priorityTasks = kafka.uniqueName("priority-tasks");
        // What broker auto-creation used to make: default policy (delete) and the broker's partition count.
        kafka.createTopics(2, catalog, tasks);
        kafka.createTopics(3, priorityTasks);
        TopicSettings topics = settings.topics();

        TopicReport report = new TopicProvisioner(settings)
                .ensure(List.of(
                        AutoBoltTopics.catalog(catalog),
                        AutoBoltTopics.tasks(tasks, priorityTasks, topics),
                        AutoBoltTopics.tasks(priorityTasks, tasks, topics)));

        assertThat(report.created()).isEmpty();
        assertThat(report.problems())
                .anySatisfy(p -> assertThat(p).contains(catalog).contains("cleanup.policy delete, not compact"))
                .anySatisfy(p -> assertThat(p).contains(tasks + " has 2 partitions, fewer than the 12"))
                .anySatisfy(p -> assertThat(p)
                        .contains(tasks + " has 2 partitions but " + priorityTasks + " has 3")
                        .contains("must be equal"));
        try (Admin admin = Admin.create(settings.clientProperties())) {
            assertThat(admin.describeTopics(Set.of(tasks))
                            .allTopicNames()
                            .get()
                            .get(tasks)
                            .partitions())
                    .hasSize(2);
            assertThat(config(admin, catalog).get("cleanup.policy").value()).isEqualTo("delete");
        }
    }

    @Test
    void reportsKafkaThatDoesNotAnswerInTime() {
        TopicProvisioner provisioner = new TopicProvisioner(KafkaSettings.plaintext("127.0.0.1:1"));

        assertThatThrownBy(() -> provisioner.ensureWithin(
                        List.of(AutoBoltTopics.catalog("any")), java.time.Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not provisioned within");
    }

    private static Config config(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }
}
