package com.autobolt.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack's Kafka on its own, as {@code ./autobolt up --brokers=3} starts it (three KRaft nodes,
 * each its own JVM), without the services: a quorum of three; internal topics replicated three times
 * with min ISR 2; no topic created on first use; a client without credentials, or with a wrong
 * password, gets nothing; the passwords are in owner-only files and in no log.
 */
class KafkaClusterIT {

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path stackDirectory;

    private final List<ServiceProcess> processes = new ArrayList<>();

    @AfterEach
    void stopTheNodes() {
        ServiceProcess.stopAll(processes);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldRunThreeAuthenticatedNodesWithReplicatedInternalTopicsAndRefuseClientsWithoutCredentials()
            throws Exception {
        StackSettings settings = TestStacks.settings(stackDirectory, 3, 1, 1);
        KafkaCluster kafka = KafkaCluster.start(
                settings, LocalStack.Jars.find(settings.home()).localStack(), (name, arguments, environment) -> {
                    ServiceProcess process = ServiceProcess.start(
                            name,
                            arguments,
                            environment,
                            settings.logDirectory().resolve(name + ".log"));
                    processes.add(process);
                    return process;
                });
        Map<String, Object> client = kafka.adminProperties();

        try (Admin admin = Admin.create(client)) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(3);
            assertThat(admin.describeMetadataQuorum().quorumInfo().get().voters())
                    .as("every node votes")
                    .hasSize(3);
            // The first consumer group and the first transactional producer create the internal topics.
            admin.createTopics(List.of(new NewTopic("autobolt.cluster-test", 12, (short) 3)))
                    .all()
                    .get();
            try (KafkaProducer<String, String> producer = transactionalProducer(client)) {
                producer.initTransactions();
            }
            try (KafkaConsumer<String, String> consumer = consumer(client)) {
                consumer.subscribe(List.of("autobolt.cluster-test"));
                consumer.poll(Duration.ofSeconds(5));
                consumer.commitSync();
            }
            Map<String, TopicDescription> internal = admin.describeTopics(
                            List.of("__consumer_offsets", "__transaction_state"))
                    .allTopicNames()
                    .get();
            internal.values()
                    .forEach(topic -> assertThat(topic.partitions())
                            .as("replicas of %s", topic.name())
                            .allSatisfy(partition ->
                                    assertThat(partition.replicas()).hasSize(3)));
            Config broker = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, "1")))
                    .all()
                    .get()
                    .values()
                    .iterator()
                    .next();
            assertThat(broker.get("transaction.state.log.min.isr").value()).isEqualTo("2");
            assertThat(broker.get("share.coordinator.state.topic.min.isr").value())
                    .isEqualTo("2");
            assertThat(broker.get("min.insync.replicas").value()).isEqualTo("2");
            assertThat(broker.get("auto.create.topics.enable").value()).isEqualTo("false");
            assertThat(admin.describeConfigs(
                                    List.of(new ConfigResource(ConfigResource.Type.TOPIC, "__consumer_offsets")))
                            .all()
                            .get()
                            .values()
                            .iterator()
                            .next()
                            .get("min.insync.replicas")
                            .value())
                    .isEqualTo("2");
            assertThat(admin.listTopics().names().get()).doesNotContain("autobolt.never-created");
        }

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                withTimeouts(client, ProducerConfig.MAX_BLOCK_MS_CONFIG),
                new StringSerializer(),
                new StringSerializer())) {
            assertThatThrownBy(() -> producer.partitionsFor("autobolt.never-created"))
                    .as("a topic is not created by using it")
                    .isInstanceOf(TimeoutException.class);
        }

        Map<String, Object> anonymous = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(withTimeouts(anonymous, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG))) {
            assertThatThrownBy(() -> admin.listTopics().names().get())
                    .as("a client without credentials lists no topic")
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TimeoutException.class);
        }
        Map<String, Object> wrongPassword = new HashMap<>(client);
        wrongPassword.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"autobolt\""
                        + " password=\"guessed\";");
        try (Admin admin = Admin.create(withTimeouts(wrongPassword, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG))) {
            assertThatThrownBy(() -> admin.listTopics().names().get())
                    .as("a client with a wrong password is refused")
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }

        assertSecretsKeptToTheirFiles(settings);
    }

    /** The passwords are in owner-only files, and in no log or other file of the stack directory. */
    private static void assertSecretsKeptToTheirFiles(StackSettings settings) throws IOException {
        Set<Path> secretFiles = Set.of(
                settings.kafkaCredentialsFile(),
                settings.kafkaClientConfigFile(),
                settings.stackDirectory().resolve("kafka-1.properties"),
                settings.stackDirectory().resolve("kafka-2.properties"),
                settings.stackDirectory().resolve("kafka-3.properties"));
        for (Path file : secretFiles) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .as("mode of %s", file)
                    .isEqualTo("rw-------");
        }
        KafkaCredentials credentials = KafkaCredentials.loadOrCreate(settings.kafkaCredentialsFile());
        List<String> passwords =
                List.of(credentials.clientPassword(), credentials.brokerPassword(), credentials.controllerPassword());
        try (Stream<Path> files = Files.walk(settings.stackDirectory())) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> !secretFiles.contains(f))
                    .toList()) {
                String text = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(passwords).as("a password in %s", file).noneMatch(text::contains);
            }
        }
        assertThat(Files.readString(settings.logDirectory().resolve("kafka-1.log")))
                .as("the node logged its start")
                .contains("Kafka Server started");
    }

    private static Map<String, Object> withTimeouts(Map<String, Object> client, String apiTimeout) {
        Map<String, Object> properties = new HashMap<>(client);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        properties.put(apiTimeout, 6000);
        return properties;
    }

    private static KafkaProducer<String, String> transactionalProducer(Map<String, Object> client) {
        Map<String, Object> properties = new HashMap<>(client);
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "cluster-test");
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(Map<String, Object> client) {
        Map<String, Object> properties = new HashMap<>(client);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "cluster-test");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }
}
