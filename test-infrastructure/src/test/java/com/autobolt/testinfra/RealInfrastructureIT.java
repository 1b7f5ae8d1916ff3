package com.autobolt.testinfra;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.testinfra.kafka.KafkaServer;
import com.autobolt.testinfra.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class RealInfrastructureIT {

    @Test
    void shouldServeAPostgresWithLogicalReplication() throws Exception {
        TestDatabase database = TestInfrastructure.postgres().createDatabase();

        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            assertThat(single(statement, "SHOW wal_level")).isEqualTo("logical");
            statement.execute("CREATE TABLE probe (id int PRIMARY KEY)");
            statement.execute("SELECT pg_create_logical_replication_slot('probe_slot', 'pgoutput')");
            assertThat(single(statement, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'probe_slot'"))
                    .isEqualTo("1");
            statement.execute("SELECT pg_drop_replication_slot('probe_slot')");
        }
    }

    @Test
    void shouldIsolateEveryTestInItsOwnDatabase() throws Exception {
        TestDatabase first = TestInfrastructure.postgres().createDatabase();
        TestDatabase second = TestInfrastructure.postgres().createDatabase();

        try (Connection a = first.connect();
                Statement statement = a.createStatement()) {
            statement.execute("CREATE TABLE only_in_first (id int)");
        }
        try (Connection b = second.connect();
                Statement statement = b.createStatement()) {
            assertThat(single(statement, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_first'"))
                    .isEqualTo("0");
        }
    }

    @Test
    void shouldRoundTripARecordThroughKafka() {
        KafkaServer kafka = TestInfrastructure.kafka();
        String topic = kafka.uniqueName("round-trip");
        kafka.createTopics(2, topic);

        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, "key-1", "hello")).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                kafka.uniqueName("group"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
            assertThat(received).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo("key-1");
                assertThat(record.value()).isEqualTo("hello");
            });
        }
    }

    private static String single(Statement statement, String sql) throws Exception {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
