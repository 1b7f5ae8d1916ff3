package com.autobolt.api.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.api.cdc.CdcTestSupport;
import com.autobolt.api.support.Api;
import com.autobolt.api.support.TestKeys;
import com.autobolt.schemas.BreakerState;
import com.autobolt.schemas.DirectoryBreakerChanged;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.MessageKeys;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/operations} against the real PostgreSQL and Kafka: who may read it; submissions per
 * minute and the busiest directories from {@code job_results} rows; the breakers from real records on
 * the breaker topic, a malformed, a wrongly keyed and an oversized one skipped and counted, expired and
 * closed ones not shown; consumer lag from a group's committed offsets and dead letters from a real
 * {@code .dlt} topic; and a Kafka that does not answer said so, with the database's figures still there.
 */
class OperationsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static CdcTestSupport world;
    private static Api api;
    private static String prefix;
    private static String breakers;
    private static String group;
    private static String idleGroup;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void start() {
        world = new CdcTestSupport();
        prefix = world.kafka.uniqueName("ops");
        breakers = prefix + ".breakers";
        group = prefix + "-executors";
        idleGroup = prefix + "-idle";
        // The workers provision the breaker topic; here the test plays them.
        world.kafka.createTopics(1, breakers);
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, world.kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        ConfigurableApplicationContext instance = world.startInstance(
                WebApplicationType.SERVLET,
                "autobolt.security.api-keys=" + TestKeys.CONFIGURATION,
                "autobolt.operations.breakers-topic=" + breakers,
                "autobolt.operations.consumer-groups=" + group + "," + idleGroup,
                "autobolt.operations.dead-letter-prefix=" + prefix,
                "autobolt.operations.top-directories=2",
                "autobolt.operations.kafka-cache=200ms");
        api = new Api(Integer.parseInt(instance.getEnvironment().getProperty("local.server.port")));
    }

    @AfterAll
    static void stop() throws Exception {
        producer.close();
        world.close();
    }

    @Test
    void shouldAdmitStaffAndAdminOnly() {
        assertThat(api.get("/api/operations", null).status()).isEqualTo(401);
        assertThat(api.get("/api/operations", TestKeys.UNKNOWN).status()).isEqualTo(401);
        assertThat(api.get("/api/operations", TestKeys.VIEWER).status()).isEqualTo(403);
        assertThat(api.get("/api/operations", TestKeys.WORKER).status()).isEqualTo(403);
        assertThat(api.get("/api/operations", TestKeys.STAFF).status()).isEqualTo(200);
        assertThat(api.get("/api/operations", TestKeys.ADMIN).status()).isEqualTo(200);
        assertThat(api.get("/v3/api-docs", null).json().path("paths").has("/api/operations"))
                .isTrue();
    }

    @Test
    void shouldCountTheLastHoursSubmissionsPerMinuteAndRankTheBusiestDirectories() throws Exception {
        String busy = "ops-busy-" + UUID.randomUUID().toString().substring(0, 8);
        String second = "ops-second-" + UUID.randomUUID().toString().substring(0, 8);
        String quiet = "ops-quiet-" + UUID.randomUUID().toString().substring(0, 8);
        for (String id : List.of(busy, second, quiet)) {
            world.insertDirectory(id);
        }
        UUID customer = world.insertCustomer();
        Instant now = Instant.now();
        Instant twoMinutesAgo = now.minus(Duration.ofMinutes(2));
        Instant tenMinutesAgo = now.minus(Duration.ofMinutes(10));
        // busy: 3 submitted and 1 failed two minutes ago; second: 2 submitted ten minutes ago; quiet: 1.
        result(customer, busy, "submitted", twoMinutesAgo, 100L);
        result(customer, busy, "submitted", twoMinutesAgo, 200L);
        result(customer, busy, "submitted", twoMinutesAgo, 300L);
        result(customer, busy, "failed", twoMinutesAgo, 4000L);
        result(customer, second, "submitted", tenMinutesAgo, null);
        result(customer, second, "submitted", tenMinutesAgo, null);
        result(customer, quiet, "submitted", tenMinutesAgo, 50L);
        // Not counted: older than the hour, not ended, skipped (no submission).
        result(customer, busy, "submitted", now.minus(Duration.ofMinutes(61)), 100L);
        result(customer, busy, "claimed", twoMinutesAgo, null);
        result(customer, second, "skipped", twoMinutesAgo, null);

        JsonNode view = api.get("/api/operations", TestKeys.STAFF).json();

        JsonNode minutes = view.path("submissionsPerMinute");
        assertThat(minutes.size()).isEqualTo(60);
        assertThat(view.path("window").path("minutes").asInt()).isEqualTo(60);
        assertThat(minute(minutes, twoMinutesAgo).path("submitted").asLong()).isEqualTo(3);
        assertThat(minute(minutes, twoMinutesAgo).path("failed").asLong()).isEqualTo(1);
        assertThat(minute(minutes, tenMinutesAgo).path("submitted").asLong()).isEqualTo(3);
        long total = 0;
        for (JsonNode minute : minutes) {
            total += minute.path("submitted").asLong() + minute.path("failed").asLong();
        }
        assertThat(total).isEqualTo(7);

        JsonNode directories = view.path("directories");
        assertThat(directories.path("top").asInt()).isEqualTo(2);
        assertThat(directories.path("items").size()).isEqualTo(2);
        JsonNode first = directories.path("items").get(0);
        assertThat(first.path("directoryId").asString()).isEqualTo(busy);
        assertThat(first.path("finished").asLong()).isEqualTo(4);
        assertThat(first.path("failed").asLong()).isEqualTo(1);
        assertThat(first.path("successRate").asDouble()).isEqualTo(0.75);
        assertThat(first.path("latencyP50Ms").asLong()).isEqualTo(200);
        assertThat(first.path("latencyP95Ms").asLong()).isEqualTo(4000);
        JsonNode secondRow = directories.path("items").get(1);
        assertThat(secondRow.path("directoryId").asString()).isEqualTo(second);
        assertThat(secondRow.path("successRate").asDouble()).isEqualTo(1.0);
        assertThat(secondRow.path("latencyP50Ms").isNull()).isTrue();
    }

    @Test
    void shouldShowTheOpenBreakersFromTheTopicAndSkipAndCountBadRecords() throws Exception {
        Instant now = Instant.now();
        Instant later = now.plus(Duration.ofMinutes(3));
        String open = prefix + "-open";
        String halfOpen = prefix + "-half-open";
        send(breaker("worker-a", open, BreakerState.OPEN, now.minusSeconds(30), "timeout", now, later));
        send(breaker("worker-b", halfOpen, BreakerState.HALF_OPEN, now.minusSeconds(5), "cool_down_over", now, later));
        // A worker that died with an open breaker: its record expired.
        send(breaker(
                "worker-dead",
                prefix + "-expired",
                BreakerState.OPEN,
                now.minusSeconds(600),
                "http_5xx",
                now.minusSeconds(400),
                now.minusSeconds(220)));
        // Opened, then closed: gone.
        String reclosed = prefix + "-reclosed";
        send(breaker("worker-a", reclosed, BreakerState.OPEN, now, "timeout", now, later));
        send(breaker("worker-a", reclosed, BreakerState.CLOSED, now, "site_answered", now, later));
        // Bad records: none stops the view, each is counted.
        producer.send(new ProducerRecord<>(breakers, "worker-x/dir", "{not json".getBytes()))
                .get();
        DirectoryBreakerChanged wrongKey =
                DirectoryBreakerChanged.of("worker-y", "dir-y", BreakerState.OPEN, now, "timeout", now, later);
        producer.send(new ProducerRecord<>(breakers, "worker-z/dir-z", EventJson.write(wrongKey)))
                .get();
        producer.send(new ProducerRecord<>(breakers, "worker-big/dir", new byte[10_000]))
                .get();
        // And a good one after them is still read.
        String afterBad = prefix + "-after-bad";
        send(breaker("worker-c", afterBad, BreakerState.OPEN, now.minusSeconds(1), "http_429", now, later));

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode view = api.get("/api/operations", TestKeys.ADMIN).json().path("breakers");
            assertThat(view.path("following").asBoolean()).isTrue();
            assertThat(view.path("recordsSkipped").asLong()).isEqualTo(3);
            List<String> shown = new ArrayList<>();
            view.path("notClosed")
                    .forEach(b -> shown.add(b.path("directoryId").asString() + " "
                            + b.path("state").asString() + " "
                            + b.path("workerId").asString() + " "
                            + b.path("reasonCode").asString()));
            assertThat(shown)
                    .containsExactly(
                            open + " open worker-a timeout",
                            halfOpen + " half_open worker-b cool_down_over",
                            afterBad + " open worker-c http_429");
            assertThat(view.path("lastSkipReason").asString()).contains("10000 bytes");
        });
    }

    @Test
    void shouldMeasureConsumerLagAndCountDeadLetters() throws Exception {
        String work = prefix + ".work";
        String deadLetters = work + ".dlt";
        world.kafka.createTopics(1, work, deadLetters);
        for (int i = 0; i < 5; i++) {
            producer.send(new ProducerRecord<>(work, "k" + i, new byte[] {1})).get();
        }
        for (int i = 0; i < 4; i++) {
            producer.send(new ProducerRecord<>(deadLetters, "k" + i, new byte[] {1}))
                    .get();
        }
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, world.kafka.bootstrapServers()))) {
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(work, 0), new OffsetAndMetadata(2)))
                    .all()
                    .get();
        }

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode kafka = api.get("/api/operations", TestKeys.STAFF).json().path("kafka");
            assertThat(kafka.path("available").asBoolean()).as(kafka.toString()).isTrue();
            JsonNode groups = kafka.path("consumerGroups");
            assertThat(groups.size()).isEqualTo(2);
            assertThat(groups.get(0).path("group").asString()).isEqualTo(group);
            assertThat(groups.get(0).path("hasOffsets").asBoolean()).isTrue();
            assertThat(groups.get(0).path("lag").asLong()).isEqualTo(3);
            assertThat(groups.get(0).path("partitions").asInt()).isEqualTo(1);
            assertThat(groups.get(0).path("lagByTopic").path(work).asLong()).isEqualTo(3);
            assertThat(groups.get(1).path("group").asString()).isEqualTo(idleGroup);
            assertThat(groups.get(1).path("hasOffsets").asBoolean()).isFalse();
            JsonNode dead = kafka.path("deadLetters");
            assertThat(dead.size()).isEqualTo(1);
            assertThat(dead.get(0).path("topic").asString()).isEqualTo(deadLetters);
            assertThat(dead.get(0).path("sourceTopic").asString()).isEqualTo(work);
            assertThat(dead.get(0).path("records").asLong()).isEqualTo(4);
        });
    }

    @Test
    void shouldSayKafkaDidNotAnswerAndStillShowTheDatabasesFigures() {
        ConfigurableApplicationContext cutOff = world.startInstance(
                WebApplicationType.SERVLET,
                "autobolt.security.api-keys=" + TestKeys.CONFIGURATION,
                "autobolt.cdc.enabled=false",
                "autobolt.operations.kafka-enabled=true",
                // Nothing listens there.
                "autobolt.kafka.bootstrap-servers=127.0.0.1:1",
                "autobolt.operations.kafka-timeout=1s");
        Api other = new Api(Integer.parseInt(cutOff.getEnvironment().getProperty("local.server.port")));

        long started = System.nanoTime();
        Api.Response response = other.get("/api/operations", TestKeys.STAFF);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode view = response.json();
        assertThat(view.path("kafka").path("available").asBoolean()).isFalse();
        assertThat(view.path("kafka").path("problem").asString()).contains("did not answer within PT1S");
        assertThat(view.path("breakers").path("following").asBoolean()).isFalse();
        assertThat(view.path("submissionsPerMinute").size()).isEqualTo(60);
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        cutOff.close();
    }

    private static JsonNode minute(JsonNode minutes, Instant at) {
        String minute = at.truncatedTo(ChronoUnit.MINUTES).toString();
        for (JsonNode m : minutes) {
            if (Instant.parse(m.path("minute").asString()).toString().equals(minute)) {
                return m;
            }
        }
        throw new AssertionError("no minute " + minute + " in " + minutes);
    }

    /** Plays the projector: a job of its own for each row (one row per job and directory). */
    private static void result(UUID customer, String directory, String status, Instant at, Long durationMs)
            throws Exception {
        UUID job = world.insertJob(customer, List.of(directory), CdcTestSupport.PROFILE);
        world.execute(
                "INSERT INTO job_results (job_id, directory_id, status, attempt, worker_id, updated_at, duration_ms)"
                        + " VALUES (?, ?, ?, 1, 'worker-1', ?, ?)",
                job,
                directory,
                status,
                Timestamp.from(at),
                durationMs);
    }

    private static DirectoryBreakerChanged breaker(
            String worker,
            String directory,
            BreakerState state,
            Instant since,
            String reason,
            Instant publishedAt,
            Instant expiresAt) {
        return DirectoryBreakerChanged.of(worker, directory, state, since, reason, publishedAt, expiresAt);
    }

    private static void send(DirectoryBreakerChanged event) throws Exception {
        producer.send(new ProducerRecord<>(
                        breakers, MessageKeys.breaker(event.workerId(), event.directoryId()), EventJson.write(event)))
                .get();
    }
}
