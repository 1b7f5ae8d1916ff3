package com.autobolt.stack;

import static com.autobolt.stack.StackTestSupport.assertExactProgress;
import static com.autobolt.stack.StackTestSupport.jobView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stack as {@code ./autobolt up --brokers=3 --workers=4 --projectors=2} starts it: three Kafka nodes
 * behind SASL, four workers and two projectors sharing the 12-partition topics. The nodes form one
 * quorum; the internal topics have three replicas and min ISR 2; no topic is created on first use; a
 * client without credentials, or with a wrong password, gets nothing. While jobs run, the
 * node leading the most partitions is killed (SIGKILL) and started again: every job still ends with
 * exact progress and one {@code job_results} row per directory, every service's health is UP again
 * soon after the node is back, every worker submitted for the jobs and every projector projected them.
 * Afterwards no file of the stack directory but the owner-only secret files holds a password, the
 * services' logs included. The test run's one three-node start: it costs minutes on the 2-core machines.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterStackIT {

    private static final int WORKERS = 4;
    private static final int PROJECTORS = 2;
    /** From the node's restart until every service answers UP. */
    private static final Duration HEALTHY_AGAIN_WITHIN = Duration.ofSeconds(90);

    /** Under target, not a temporary directory: the services' logs stay after a failed run. */
    private static final Path STACK_DIRECTORY =
            Path.of("target", "cluster-stack").toAbsolutePath();

    private LocalStack stack;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    void startTheStack() {
        LocalStack.deleteTree(STACK_DIRECTORY);
        stack = LocalStack.start(TestStacks.settings(STACK_DIRECTORY, 3, WORKERS, PROJECTORS));
    }

    @AfterAll
    void stopTheStack() {
        if (stack != null) {
            stack.stop();
        }
    }

    @Test
    @Order(1)
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldRunThreeNodesWithReplicatedInternalTopicsAndRefuseClientsWithoutCredentials() throws Exception {
        Map<String, Object> client = stack.kafkaClientProperties();
        try (Admin admin = Admin.create(client)) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(3);
            assertThat(admin.describeMetadataQuorum().quorumInfo().get().voters())
                    .as("every node votes")
                    .hasSize(3);
            // The services' consumer groups and transactional producers have created the internal topics.
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

        Map<String, Object> anonymous =
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
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
    }

    @Test
    @Order(2)
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void shouldEndEveryJobExactlyThroughTheLossOfABrokerWithEveryWorkerAndProjectorDoingItsShare() throws Exception {
        ApiClient staff = new ApiClient(stack.apiBaseUrl(), stack.keys().staff());
        // Results are keyed by job id: with twelve jobs, both projectors own a partition that gets some
        // (all twelve on one projector's six partitions of twelve: about one chance in 2,000).
        List<String> jobs = new ArrayList<>();
        jobs.add(StackTestSupport.createJob(staff, "Cluster Bakery", "restaurants", "enterprise", null));
        for (int i = 1; i < 12; i++) {
            jobs.add(StackTestSupport.createJob(staff, "Cluster Clinic " + i, "health", "starter", null));
        }
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> jobView(staff, jobs.get(0)).done() >= 50);

        int node = nodeLeadingMostPartitions();
        Map<String, JobView> atKill = views(staff, jobs);
        stack.kafka().node(node).kill();
        System.out.println("killed Kafka node " + node + " (SIGKILL) with the jobs at " + atKill);
        Thread.sleep(15_000); // the jobs go on with two nodes: min ISR 2 is still met
        stack.kafka().restartNode(node);
        long restarted = System.nanoTime();

        Map<String, String> lastHealth = new HashMap<>();
        await().atMost(HEALTHY_AGAIN_WITHIN)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    StackTestSupport.healthPorts(stack.settings())
                            .forEach((service, port) -> lastHealth.put(service, StackTestSupport.healthStatus(port)));
                    assertThat(lastHealth)
                            .as(() -> "health of every service; the errors logged by those not UP:"
                                    + StackTestSupport.loggedErrorsOfServicesNotUp(stack.settings(), lastHealth))
                            .allSatisfy((service, status) ->
                                    assertThat(status).as(service).isEqualTo("UP"));
                });
        System.out.printf(
                "every service UP %d ms after Kafka node %d was started again%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted), node);

        Map<String, JobView> ends = new LinkedHashMap<>();
        await().atMost(Duration.ofMinutes(8))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    ends.putAll(views(staff, jobs));
                    assertThat(ends.values()).as("the jobs: %s", ends).allMatch(JobView::terminal);
                });
        System.out.println("ended as " + ends);
        assertThat(atKill.get(jobs.get(0)).terminal())
                .as("the enterprise job was running when the node was killed: %s", atKill)
                .isFalse();
        for (String job : jobs) {
            assertExactProgress(stack, job, ends.get(job), ends.get(job).total());
            assertOneRowPerDirectory(job, ends.get(job).total());
        }
        assertThat(workerIdsOf(jobs))
                .as("the workers that submitted for these jobs")
                .containsAll(IntStream.rangeClosed(1, WORKERS)
                        .mapToObj(n -> "local-worker-" + n)
                        .toList());
        for (int n = 1; n <= PROJECTORS; n++) {
            assertThat(batchesProjected(StackSettings.Ports.managementPort(
                            stack.settings().ports().projectors().get(n - 1))))
                    .as("batches projected by %s", LocalStack.projectorName(n))
                    .isPositive();
        }
    }

    @Test
    @Order(3)
    void shouldKeepThePasswordsInOwnerOnlyFilesAndOutOfEveryLog() throws IOException {
        assertSecretsKeptToTheirFiles(stack.settings());
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
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file);
                } catch (NoSuchFileException renamedAway) {
                    // The running brokers write checkpoints to a .tmp file and rename it: gone since the walk.
                    continue;
                }
                String text = new String(bytes, StandardCharsets.ISO_8859_1);
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

    private static Map<String, JobView> views(ApiClient staff, List<String> jobs) {
        Map<String, JobView> views = new LinkedHashMap<>();
        jobs.forEach(job -> views.put(job, jobView(staff, job)));
        return views;
    }

    /** The node that leads the most partitions, of every topic (the internal ones included). */
    private int nodeLeadingMostPartitions() throws Exception {
        try (Admin admin = Admin.create(stack.kafkaClientProperties())) {
            Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true))
                    .names()
                    .get();
            Map<Integer, Integer> led = new HashMap<>();
            for (TopicDescription topic :
                    admin.describeTopics(topics).allTopicNames().get().values()) {
                for (TopicPartitionInfo partition : topic.partitions()) {
                    if (partition.leader() != null) {
                        led.merge(partition.leader().id(), 1, Integer::sum);
                    }
                }
            }
            System.out.println("partitions led, by Kafka node: " + led);
            return led.entrySet().stream()
                    .max(Map.Entry.comparingByValue())
                    .orElseThrow()
                    .getKey();
        }
    }

    /** The job has exactly one row per planned directory: nothing projected twice. */
    private void assertOneRowPerDirectory(String job, int directories) throws Exception {
        try (Connection connection = stack.connectDatabase();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT count(*), count(DISTINCT directory_id) FROM job_results WHERE job_id = ?")) {
            query.setObject(1, UUID.fromString(job));
            try (ResultSet result = query.executeQuery()) {
                result.next();
                assertThat(List.of(result.getInt(1), result.getInt(2)))
                        .as("rows and distinct directories of job %s", job)
                        .containsExactly(directories, directories);
            }
        }
    }

    private Set<String> workerIdsOf(List<String> jobs) throws Exception {
        Set<String> ids = new TreeSet<>();
        try (Connection connection = stack.connectDatabase();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT DISTINCT worker_id FROM job_results WHERE job_id = ANY (?) AND worker_id IS NOT NULL")) {
            query.setArray(
                    1,
                    connection.createArrayOf(
                            "uuid", jobs.stream().map(UUID::fromString).toArray()));
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    ids.add(result.getString(1));
                }
            }
        }
        return ids;
    }

    /** How many batches of results the projector on {@code port} has projected (its listener's timer). */
    private double batchesProjected(int port) throws Exception {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                + "/actuator/metrics/spring.kafka.listener?tag=result:success"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("%s", answer.body()).isEqualTo(200);
        List<Double> counts = new ArrayList<>();
        for (JsonNode measurement :
                JsonMapper.builder().build().readTree(answer.body()).path("measurements")) {
            if (measurement.path("statistic").asString().equals("COUNT")) {
                counts.add(measurement.path("value").asDouble());
            }
        }
        assertThat(counts).as("%s", answer.body()).hasSize(1);
        return counts.get(0);
    }
}
