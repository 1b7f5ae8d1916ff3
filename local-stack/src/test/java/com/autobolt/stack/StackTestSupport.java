package com.autobolt.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.sandbox.Hostility;
import com.autobolt.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Checks of a job's rows that the local stack's integration tests share (stacks start through {@link TestStacks}). */
final class StackTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int ERROR_LINES = 60;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private StackTestSupport() {}

    /** The job's {@code job_results} rows counted by status, read from PostgreSQL. */
    static Map<String, Integer> resultRowsByStatus(LocalStack stack, String jobId) throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection connection = stack.connectDatabase();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT status, count(*) FROM job_results WHERE job_id = ? GROUP BY status")) {
            query.setObject(1, UUID.fromString(jobId));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        return counts;
    }

    /**
     * A terminal job's progress is exact: every planned directory has ended, the counts add up to
     * the total, and each count equals the job's {@code job_results} rows of that status.
     */
    static void assertExactProgress(LocalStack stack, String jobId, JobView view, int plannedDirectories)
            throws SQLException {
        assertThat(view.status()).as("job %s", jobId).isIn("complete", "failed");
        assertThat(view.total()).as("total of job %s", jobId).isEqualTo(plannedDirectories);
        assertThat(view.done()).as("done of job %s", jobId).isEqualTo(plannedDirectories);
        assertThat(view.percent()).isEqualTo(100);
        assertThat(view.submitted() + view.failed() + view.skipped())
                .as("submitted + failed + skipped of job %s: %s", jobId, view)
                .isEqualTo(plannedDirectories);
        Map<String, Integer> expectedRows = new HashMap<>();
        expectedRows.put("submitted", view.submitted());
        expectedRows.put("failed", view.failed());
        expectedRows.put("skipped", view.skipped());
        expectedRows.values().removeIf(count -> count == 0);
        assertThat(resultRowsByStatus(stack, jobId))
                .as("job_results rows of job %s by status", jobId)
                .isEqualTo(expectedRows);
    }

    /**
     * Activates the hostile demo directories through the API (admin key), then waits until the change
     * stream has published their activation: the workers follow that topic, and a task of a directory
     * they still know as inactive would be skipped instead of submitted.
     */
    static void activateHostileDirectories(LocalStack stack, Collection<Hostility> hostilities) {
        ApiClient admin = new ApiClient(stack.apiBaseUrl(), stack.keys().admin());
        Set<String> ids = new HashSet<>();
        for (Hostility hostility : hostilities) {
            String id = DemoCatalog.hostileId(hostility);
            ApiClient.Answer directory = admin.get("/api/directories/" + id);
            assertThat(directory.status()).as("%s: %s", id, directory.body()).isEqualTo(200);
            ObjectNode request = (ObjectNode) directory.body();
            request.put("active", true);
            request.remove(List.of("createdAt", "updatedAt"));
            ApiClient.Answer updated = admin.put("/api/directories/" + id, request);
            assertThat(updated.status()).as("%s: %s", id, updated.body()).isEqualTo(200);
            ids.add(id);
        }
        awaitActivePublished(stack.kafkaClientProperties(), ids);
        // The workers read the same topic as it grows; a moment more lets them apply what it now holds.
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Hands every record of {@code topic}, from its start to its end as of now, to {@code each}
     * (read_committed, at most a minute), connecting with {@code kafkaClient}
     * ({@link LocalStack#kafkaClientProperties()}: the stack's brokers and credentials).
     */
    static void readToEnd(
            Map<String, Object> kafkaClient, String topic, Consumer<ConsumerRecord<String, String>> each) {
        try (KafkaConsumer<String, String> consumer = fromStart(kafkaClient, topic)) {
            List<TopicPartition> partitions = List.copyOf(consumer.assignment());
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(deadline - System.nanoTime())
                        .as("read %s to its end", topic)
                        .isPositive();
                consumer.poll(Duration.ofSeconds(1)).forEach(each);
            }
        }
    }

    /** A read_committed consumer assigned every partition of {@code topic}, positioned at their start. */
    private static KafkaConsumer<String, String> fromStart(Map<String, Object> kafkaClient, String topic) {
        Map<String, Object> properties = new HashMap<>(kafkaClient);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** Reads the directories topic from its start until each of {@code ids} has an event saying it is active. */
    private static void awaitActivePublished(Map<String, Object> kafkaClient, Set<String> ids) {
        Set<String> waiting = new HashSet<>(ids);
        try (KafkaConsumer<String, String> consumer = fromStart(kafkaClient, Topics.DIRECTORIES)) {
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (!waiting.isEmpty()) {
                assertThat(deadline - System.nanoTime())
                        .as("the change stream publishes the activation of %s", waiting)
                        .isPositive();
                for (ConsumerRecord<String, String> event : consumer.poll(Duration.ofMillis(500))) {
                    if (event.value() == null) {
                        continue;
                    }
                    JsonNode change = JSON.readTree(event.value());
                    JsonNode after = change.path("after");
                    if (after.path("active").asBoolean(false)) {
                        waiting.remove(change.path("directoryId").asString(""));
                    }
                }
            }
        }
    }

    /** The job as {@code GET /api/jobs/{id}} shows it now. */
    static JobView jobView(ApiClient client, String jobId) {
        return JobView.of(client.get("/api/jobs/" + jobId).body());
    }

    /**
     * Creates a customer and a job of {@code packageType} for it through the API; {@code directoryIds}
     * (the package's number of them) names the job's directories, or {@code null} lets the API plan them.
     * Returns the job's id.
     */
    static String createJob(
            ApiClient staff, String businessName, String category, String packageType, List<String> directoryIds) {
        String slug = businessName.toLowerCase(Locale.ROOT).replace(' ', '-');
        ApiClient.Answer customer = staff.post(
                "/api/customers",
                Map.of(
                        "businessName",
                        businessName,
                        "email",
                        "owner@" + slug + ".example.com",
                        "website",
                        "https://" + slug + ".example.com",
                        "category",
                        category,
                        "packageType",
                        packageType));
        assertThat(customer.status()).as("%s", customer.body()).isEqualTo(201);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("customerId", customer.body().get("id").asString());
        request.put("packageType", packageType);
        if (directoryIds != null) {
            request.put("directoryIds", directoryIds);
        }
        ApiClient.Answer job = staff.post("/api/jobs", request);
        assertThat(job.status()).as("%s", job.body()).isEqualTo(201);
        return job.body().get("id").asString();
    }

    /** The port of each service that answers {@code /actuator/health}, by the service's name. */
    static Map<String, Integer> healthPorts(StackSettings settings) {
        StackSettings.Ports ports = settings.ports();
        Map<String, Integer> services = new LinkedHashMap<>();
        services.put("job-api", ports.api());
        for (int n = 1; n <= ports.workers().size(); n++) {
            services.put(
                    LocalStack.workerName(n),
                    StackSettings.Ports.managementPort(ports.workers().get(n - 1)));
        }
        for (int n = 1; n <= ports.projectors().size(); n++) {
            services.put(
                    LocalStack.projectorName(n),
                    StackSettings.Ports.managementPort(ports.projectors().get(n - 1)));
        }
        return services;
    }

    /** {@code UP}, or the status and body that was not UP, or how asking failed. */
    static String healthStatus(int port) {
        try {
            HttpResponse<String> health = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200 && health.body().contains("\"status\":\"UP\"")
                    ? "UP"
                    : "HTTP " + health.statusCode() + " " + health.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return "no answer: " + e;
        }
    }

    /**
     * The ERROR lines of each service that is not UP in {@code health}, with the stack traces that follow them
     * (the last {@value #ERROR_LINES} lines a service): what a failed run's report needs to say why, since the
     * logs are gone with the clone that ran it.
     */
    static String loggedErrorsOfServicesNotUp(StackSettings settings, Map<String, String> health) {
        StringBuilder errors = new StringBuilder();
        health.forEach((service, status) -> {
            if (!status.equals("UP")) {
                errors.append("\n--- ").append(service).append(" ---\n");
                errors.append(
                        String.join("\n", loggedErrors(settings.logDirectory().resolve(service + ".log"))));
            }
        });
        return errors.toString();
    }

    private static List<String> loggedErrors(Path log) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            return List.of("(" + log + " unreadable: " + e + ")");
        }
        List<String> errors = new ArrayList<>();
        boolean inError = false;
        for (String line : lines) {
            boolean continuation = line.startsWith("\t") || line.startsWith("Caused by:") || line.startsWith("\tat ");
            if (line.contains(" ERROR ")) {
                inError = true;
                errors.add(line);
            } else if (inError && continuation) {
                errors.add(line);
            } else {
                inError = false;
            }
        }
        return errors.subList(Math.max(0, errors.size() - ERROR_LINES), errors.size());
    }

    static int directoriesOf(String packageType) {
        return switch (packageType) {
            case "starter" -> 50;
            case "growth" -> 100;
            case "professional" -> 300;
            case "enterprise" -> 500;
            default -> throw new IllegalArgumentException(packageType);
        };
    }
}
