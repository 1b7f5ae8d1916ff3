package com.autobolt.projector.progress;

import com.autobolt.projector.ProgressProjectorApplication;
import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.MessageKeys;
import com.autobolt.testinfra.TestInfrastructure;
import com.autobolt.testinfra.kafka.KafkaServer;
import com.autobolt.testinfra.postgres.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * One test's world: its own database (migrated with job-api's migrations), its own results topic
 * and consumer group on the shared broker, and projector instances started and stopped on demand.
 */
public final class ProjectorHarness implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final TestDatabase database = TestInfrastructure.postgres().createDatabase();
    final KafkaServer kafka = TestInfrastructure.kafka();
    final String resultsTopic;
    final String groupId = kafka.uniqueName("projector");
    final JdbcTemplate jdbc;
    private final HikariDataSource dataSource;
    final JobFixtures fixtures;
    private final KafkaProducer<String, byte[]> producer;
    private final List<ConfigurableApplicationContext> projectors = new ArrayList<>();

    ProjectorHarness() {
        this(null);
    }

    private ProjectorHarness(String existingTopic) {
        resultsTopic = existingTopic == null ? kafka.uniqueName("results") : existingTopic;
        migrate(database);
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(database.jdbcUrl());
        dataSource.setUsername(database.username());
        dataSource.setPassword(database.password());
        dataSource.setMaximumPoolSize(3);
        jdbc = new JdbcTemplate(dataSource);
        fixtures = new JobFixtures(jdbc);
        if (existingTopic == null) {
            kafka.createTopics(3, resultsTopic);
        }
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.ACKS_CONFIG,
                "all"));
    }

    /** Builds job-api's schema as job-api does: its migrations, as the owner role, granting to the roles. */
    public static void migrate(TestDatabase database) {
        Flyway.configure()
                .dataSource(
                        database.jdbcUrl(),
                        database.roles().owner().username(),
                        database.roles().owner().password())
                .placeholders(database.flywayPlaceholders())
                .load()
                .migrate();
    }

    /** A second world reading the same results topic, with its own database and consumer group. */
    ProjectorHarness sharingTopic() {
        return new ProjectorHarness(resultsTopic);
    }

    /** Arguments that point a projector (in this JVM or another) at this test's database, broker and topic. */
    String[] projectorArguments(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + database.jdbcUrl(),
                // As in production: the projector's own role, never the administrator.
                "--spring.datasource.username=" + database.roles().projector().username(),
                "--spring.datasource.password=" + database.roles().projector().password(),
                "--autobolt.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--autobolt.projector.results-topic=" + resultsTopic,
                "--autobolt.projector.group-id=" + groupId,
                "--autobolt.kafka.topics.partitions=3",
                "--server.port=0",
                "--management.server.port=0"));
        // The analytics stream has tests of its own (analytics-stream, AnalyticsReplayIT): off unless a test asks.
        if (List.of(extra).stream().noneMatch(arg -> arg.startsWith("--autobolt.analytics.enabled="))) {
            args.add("--autobolt.analytics.enabled=false");
        }
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    ConfigurableApplicationContext startProjector(String... extra) {
        ConfigurableApplicationContext context =
                new SpringApplicationBuilder(ProgressProjectorApplication.class).run(projectorArguments(extra));
        projectors.add(context);
        return context;
    }

    void publish(DirectoryResultReported event) {
        publishRaw(MessageKeys.job(event.jobId()), EventJson.write(event));
    }

    /** Publishes the event with this {@code traceparent} header (none when null). */
    void publish(DirectoryResultReported event, String traceParent) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(resultsTopic, MessageKeys.job(event.jobId()), EventJson.write(event));
        if (traceParent != null) {
            record.headers().add("traceparent", traceParent.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        try {
            producer.send(record).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void publishAll(List<DirectoryResultReported> events) {
        events.forEach(event -> producer.send(
                new ProducerRecord<>(resultsTopic, MessageKeys.job(event.jobId()), EventJson.write(event))));
        producer.flush();
    }

    void publishRaw(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(resultsTopic, key, value)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Everything on the dead-letter topic so far (reads it from the start). */
    List<ConsumerRecord<String, byte[]>> deadLetters(int atLeast, Duration within) {
        try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                kafka.uniqueName("dlt-reader"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(resultsTopic + ".dlt"));
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + within.toNanos();
            while (records.size() < atLeast && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** {@code projector}'s {@code /actuator/health}, on its management port. */
    static JsonNode health(ConfigurableApplicationContext projector) throws IOException, InterruptedException {
        return EventJson.mapper().readTree(management(projector, "/actuator/health"));
    }

    /** The body of a GET of {@code path} on {@code projector}'s management port (loopback only). */
    static String management(ConfigurableApplicationContext projector, String path)
            throws IOException, InterruptedException {
        String port = projector.getEnvironment().getProperty("local.management.port");
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    @Override
    public void close() {
        projectors.forEach(ConfigurableApplicationContext::close);
        producer.close();
        dataSource.close();
    }
}
