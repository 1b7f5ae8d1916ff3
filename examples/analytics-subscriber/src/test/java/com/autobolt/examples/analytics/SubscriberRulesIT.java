package com.autobolt.examples.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.schemas.DirectoryOutcomeRecorded;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.MessageKeys;
import com.autobolt.schemas.PackageType;
import com.autobolt.schemas.ResultStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** The subscriber's rules, one instance in this JVM, each test with its own database and topic. */
class SubscriberRulesIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant DAY_1 = Instant.parse("2026-11-20T08:00:00Z");
    private static final Instant DAY_2 = Instant.parse("2026-11-21T08:00:00Z");

    @Test
    void shouldCountTheLatestAttemptOfEachDirectoryOfEachJobOnItsDay() throws Exception {
        try (SubscriberWorld world = new SubscriberWorld(3);
                ConfigurableApplicationContext subscriber = start(world)) {
            UUID a = UUID.randomUUID();
            UUID b = UUID.randomUUID();
            UUID c = UUID.randomUUID();
            UUID d = UUID.randomUUID();
            UUID e = UUID.randomUUID();
            UUID f = UUID.randomUUID();
            world.publish(outcome(a, 1, ResultStatus.FAILED, 4000L, DAY_1));
            world.publish(outcome(b, 1, ResultStatus.SUBMITTED, 2000L, DAY_1));
            world.publish(outcome(c, 1, ResultStatus.SKIPPED, null, DAY_1));
            world.publish(outcome(d, 2, ResultStatus.SUBMITTED, 3000L, DAY_1));
            world.publish(outcome(e, 1, ResultStatus.SUBMITTED, 7000L, DAY_2));
            // a's retry, a day later: replaces its failure of day 1
            world.publish(outcome(a, 2, ResultStatus.SUBMITTED, 1000L, DAY_2));
            // d's older attempt published again: changes nothing
            world.publish(outcome(d, 1, ResultStatus.FAILED, 9000L, DAY_1));
            // e has no outcome any more
            world.publishRaw(MessageKeys.outcome(e, "yelp"), null);
            world.publishRaw("garbage", "not json".getBytes(StandardCharsets.UTF_8));
            world.publish(outcome(f, 1, ResultStatus.SUBMITTED, 600L, DAY_2));
            world.flush();

            await().atMost(WAIT).until(() -> world.recordsApplied() == 10);

            JsonNode days = get(subscriber, "/directories/yelp/daily");
            assertThat(days.size()).isEqualTo(2);
            assertDay(days.get(0), "2026-11-20", 2, 0, 1, "0.6667", 2500.0);
            assertDay(days.get(1), "2026-11-21", 2, 0, 0, "1.0", 800.0);
            assertThat(get(subscriber, "/directories/nowhere/daily").size()).isZero();
            assertThat(world.jdbc.queryForList("SELECT record_key, reason FROM analytics.skipped_records"))
                    .singleElement()
                    .satisfies(row -> {
                        assertThat(row.get("record_key")).isEqualTo("garbage");
                        assertThat((String) row.get("reason")).startsWith("DirectoryOutcomeRecorded: ");
                    });
        }
    }

    @Test
    void shouldSkipAnOutcomeTheDatabaseRefusesAndApplyTheOthers() throws Exception {
        try (SubscriberWorld world = new SubscriberWorld(1);
                ConfigurableApplicationContext subscriber = start(world)) {
            UUID job = UUID.randomUUID();
            // Valid JSON and a valid event, but PostgreSQL's text cannot hold NUL.
            world.publish(outcome(job, "nul\0directory", 1, ResultStatus.SUBMITTED, 10L, DAY_1));
            world.publish(outcome(job, "yelp", 1, ResultStatus.SUBMITTED, 20L, DAY_1));
            world.flush();

            await().atMost(WAIT).until(() -> world.recordsApplied() == 2);

            assertThat(world.jdbc.queryForList("SELECT directory_id FROM analytics.outcomes", String.class))
                    .containsExactly("yelp");
            assertThat(world.jdbc.queryForObject("SELECT reason FROM analytics.skipped_records", String.class))
                    .startsWith("the database refused it: ");
        }
    }

    @Test
    void shouldApplyNothingOfWhatItReadAfterAnotherInstanceMovedItsPartition() throws Exception {
        try (SubscriberWorld world = new SubscriberWorld(1);
                ConfigurableApplicationContext subscriber = start(world)) {
            for (int i = 0; i < 3; i++) {
                world.publish(outcome(UUID.randomUUID(), "before", 1, ResultStatus.SUBMITTED, 10L, DAY_1));
            }
            world.flush();
            await().atMost(WAIT).until(() -> world.recordsApplied() == 3);

            // What this instance's successor does when it got the partition in a rebalance this instance
            // missed: it applies the next record (offset 3) and moves the stored offset past it.
            world.jdbc.update("UPDATE analytics.consumed_offsets SET next_offset = 4, records = records + 1");
            world.publish(outcome(UUID.randomUUID(), "applied-by-the-successor", 1, ResultStatus.FAILED, 10L, DAY_1));
            world.publish(outcome(UUID.randomUUID(), "after", 1, ResultStatus.SUBMITTED, 10L, DAY_1));
            world.flush();

            await().atMost(WAIT).until(() -> world.recordsApplied() == 5);
            assertThat(world.jdbc.queryForList(
                            "SELECT directory_id, count(*) AS outcomes FROM analytics.outcomes GROUP BY directory_id"
                                    + " ORDER BY directory_id"))
                    .containsExactly(
                            Map.of("directory_id", "after", "outcomes", 1L),
                            Map.of("directory_id", "before", "outcomes", 3L));
        }
    }

    private static ConfigurableApplicationContext start(SubscriberWorld world) {
        return new SpringApplicationBuilder(AnalyticsSubscriberApplication.class)
                .run(world.subscriberArguments().toArray(String[]::new));
    }

    private static DirectoryOutcomeRecorded outcome(
            UUID job, int attempt, ResultStatus status, Long durationMs, Instant at) {
        return outcome(job, "yelp", attempt, status, durationMs, at);
    }

    private static DirectoryOutcomeRecorded outcome(
            UUID job, String directory, int attempt, ResultStatus status, Long durationMs, Instant at) {
        return new DirectoryOutcomeRecorded(
                DirectoryOutcomeRecorded.SCHEMA_VERSION,
                job,
                directory,
                "reviews",
                PackageType.STARTER,
                attempt,
                status,
                status == ResultStatus.SUBMITTED ? null : "E",
                durationMs,
                at.minusSeconds(3600),
                at);
    }

    private static void assertDay(
            JsonNode day, String date, int submitted, int failed, int skipped, String successRate, double median) {
        assertThat(day.get("day").asString()).isEqualTo(date);
        assertThat(day.get("submitted").asInt()).isEqualTo(submitted);
        assertThat(day.get("failed").asInt()).isEqualTo(failed);
        assertThat(day.get("skipped").asInt()).isEqualTo(skipped);
        assertThat(day.get("successRate").decimalValue()).isEqualByComparingTo(successRate);
        assertThat(day.get("medianDurationMs").asDouble()).isEqualTo(median);
    }

    private static JsonNode get(ConfigurableApplicationContext subscriber, String path) throws Exception {
        String port = subscriber.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return EventJson.mapper().readTree(response.body());
    }
}
