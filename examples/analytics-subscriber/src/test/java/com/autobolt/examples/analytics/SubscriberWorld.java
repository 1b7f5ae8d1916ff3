package com.autobolt.examples.analytics;

import com.autobolt.schemas.DirectoryOutcomeRecorded;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.MessageKeys;
import com.autobolt.testinfra.TestInfrastructure;
import com.autobolt.testinfra.kafka.KafkaServer;
import com.autobolt.testinfra.postgres.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One test's world: its own database (the subscriber's schema and the test's source of truth), its own
 * compacted outcomes topic on the shared broker, a producer playing AutoBolt's part.
 */
final class SubscriberWorld implements AutoCloseable {

    final TestDatabase database = TestInfrastructure.postgres().createDatabase();
    final KafkaServer kafka = TestInfrastructure.kafka();
    final String topic = kafka.uniqueName("outcomes");
    final String groupId = kafka.uniqueName("analytics");
    final JdbcTemplate jdbc;
    private final HikariDataSource dataSource;
    private final KafkaProducer<String, byte[]> producer;

    SubscriberWorld(int partitions) {
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(database.jdbcUrl());
        dataSource.setUsername(database.username());
        dataSource.setPassword(database.password());
        dataSource.setMaximumPoolSize(2);
        jdbc = new JdbcTemplate(dataSource);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            // As AutoBolt declares it: compacted, the last outcome of each key kept.
            admin.createTopics(List.of(
                            new NewTopic(topic, partitions, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
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

    /** The arguments that point a subscriber (in this JVM or another) at this world. */
    List<String> subscriberArguments(String... extra) {
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--analytics.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--analytics.kafka.topic=" + topic,
                "--analytics.kafka.group-id=" + groupId,
                // A killed member leaves the group after this (the broker's least), not after 45 s.
                "--analytics.kafka.properties[session.timeout.ms]=6000",
                "--analytics.kafka.properties[heartbeat.interval.ms]=1000",
                "--server.port=0"));
        arguments.addAll(List.of(extra));
        return arguments;
    }

    void publish(DirectoryOutcomeRecorded event) {
        publishRaw(MessageKeys.outcome(event.jobId(), event.directoryId()), EventJson.write(event));
    }

    void publishRaw(String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    void flush() {
        producer.flush();
    }

    /** Records applied by the subscriber so far, 0 before its schema exists. */
    long recordsApplied() {
        Boolean exists =
                jdbc.queryForObject("SELECT to_regclass('analytics.consumed_offsets') IS NOT NULL", Boolean.class);
        if (!Boolean.TRUE.equals(exists)) {
            return 0;
        }
        return jdbc.queryForObject("SELECT coalesce(sum(records), 0) FROM analytics.consumed_offsets", Long.class);
    }

    @Override
    public void close() {
        producer.close();
        dataSource.close();
    }
}
