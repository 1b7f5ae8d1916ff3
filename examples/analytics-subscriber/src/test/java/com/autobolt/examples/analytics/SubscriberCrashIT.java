package com.autobolt.examples.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.schemas.DirectoryOutcomeRecorded;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.PackageType;
import com.autobolt.schemas.ResultStatus;
import com.autobolt.testinfra.process.TestJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The subscriber killed with SIGKILL several times in the middle of the stream, and started again each
 * time, ends with exactly the figures SQL computes from the source of truth: a {@code job_results}-shaped
 * table holding each directory's latest attempt, from which the events were made. Every record is
 * applied exactly once (the stored count of records read equals what was published), superseding
 * outcomes replace what they supersede, and the garbage records are skipped, each kept once.
 */
class SubscriberCrashIT {

    private static final int JOBS = 80;
    private static final int DIRECTORIES = 30;
    private static final int GARBAGE = 40;
    private static final int KILLS = 4;
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final Instant FIRST_DAY = Instant.parse("2026-11-20T00:00:00Z");
    private static final ResultStatus[] OUTCOMES = {ResultStatus.SUBMITTED, ResultStatus.FAILED, ResultStatus.SKIPPED};

    private final Random random = new Random(15);

    /** One row of the source of truth: a directory's latest attempt, as AutoBolt's job_results holds it. */
    private record ResultRow(
            UUID jobId, String directoryId, int attempt, ResultStatus status, Long durationMs, Instant finishedAt) {}

    @Test
    void shouldEndWithTheSourceOfTruthsFiguresAfterSeveralKills() throws Exception {
        try (SubscriberWorld world = new SubscriberWorld(3)) {
            List<Runnable> stream = new ArrayList<>();
            List<ResultRow> truth = seedTruthAndStream(world, stream);
            insertTruth(world, truth);
            int published = 0;
            long applied = 0;

            for (int kill = 1; kill <= KILLS; kill++) {
                int until = stream.size() * kill / (KILLS + 1);
                published = publish(world, stream, published, until);
                long before = applied;
                Process subscriber = startSubscriber(world, kill);
                try {
                    await().atMost(WAIT)
                            .pollInterval(Duration.ofMillis(20))
                            .until(() -> world.recordsApplied() > before);
                    Thread.sleep(random.nextInt(300));
                } finally {
                    subscriber.destroyForcibly().waitFor();
                }
                applied = world.recordsApplied();
                System.out.printf("kill %d: %d of %d published records applied%n", kill, applied, published);
                assertThat(applied)
                        .as("kill %d: in the middle of the stream", kill)
                        .isGreaterThan(before)
                        .isLessThan(published);
            }
            published = publish(world, stream, published, stream.size());
            int total = published;
            Process last = startSubscriber(world, KILLS + 1);
            try {
                await().atMost(WAIT).until(() -> world.recordsApplied() >= total);
                assertThat(world.recordsApplied())
                        .as("each record applied once")
                        .isEqualTo(total);
                assertThat(world.jdbc.queryForObject("SELECT count(*) FROM analytics.skipped_records", Integer.class))
                        .isEqualTo(GARBAGE);
                assertThat(outcomesCounted(world)).isEqualTo(latestAttempts(world));
                assertThat(dailyFigures(world)).isEqualTo(expectedDailyFigures(world));
            } finally {
                last.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * Fills {@code stream} with the publications (outcomes, superseding outcomes of retried directories,
     * older attempts published again, duplicates and garbage) and returns the truth they lead to.
     */
    private List<ResultRow> seedTruthAndStream(SubscriberWorld world, List<Runnable> stream) {
        List<List<DirectoryOutcomeRecorded>> rounds = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<DirectoryOutcomeRecorded> republished = new ArrayList<>();
        List<ResultRow> truth = new ArrayList<>();
        for (int j = 0; j < JOBS; j++) {
            UUID job = UUID.randomUUID();
            Instant created = FIRST_DAY.plusSeconds(random.nextInt(4 * 86_400));
            for (int d = 0; d < DIRECTORIES; d++) {
                String directory = "dir-" + d;
                int attempts = random.nextInt(5) == 0 ? 2 + random.nextInt(2) : 1;
                Instant at = created;
                DirectoryOutcomeRecorded outcome = null;
                for (int attempt = 1; attempt <= attempts; attempt++) {
                    // A retry may end a day or more later: its outcome moves to another day.
                    at = at.plusSeconds(600 + random.nextInt(30 * 3600));
                    ResultStatus status = OUTCOMES[random.nextInt(OUTCOMES.length)];
                    Long duration = status == ResultStatus.SKIPPED && random.nextBoolean()
                            ? null
                            : (long) (100 + random.nextInt(60_000));
                    outcome = new DirectoryOutcomeRecorded(
                            DirectoryOutcomeRecorded.SCHEMA_VERSION,
                            job,
                            directory,
                            "category-" + (d % 4),
                            PackageType.STARTER,
                            attempt,
                            status,
                            status == ResultStatus.SUBMITTED ? null : "E_" + status.value(),
                            duration,
                            created,
                            at);
                    rounds.get(attempt - 1).add(outcome);
                    if (attempt == 1 && attempts > 1 && random.nextInt(4) == 0) {
                        republished.add(outcome); // an older attempt's outcome, published again after the newer
                    }
                }
                if (random.nextInt(30) == 0) {
                    republished.add(outcome); // the latest, twice
                }
                truth.add(new ResultRow(
                        job,
                        directory,
                        outcome.attempt(),
                        outcome.status(),
                        outcome.durationMs(),
                        outcome.occurredAt()));
            }
        }
        for (List<DirectoryOutcomeRecorded> round : rounds) {
            Collections.shuffle(round, random);
            round.forEach(event -> stream.add(() -> world.publish(event)));
        }
        republished.forEach(event -> stream.add(() -> world.publish(event)));
        for (int g = 0; g < GARBAGE; g++) {
            String key = "garbage-" + g;
            byte[] value = garbage(g);
            stream.add(random.nextInt(stream.size()), () -> world.publishRaw(key, value));
        }
        return truth;
    }

    private byte[] garbage(int n) {
        DirectoryOutcomeRecorded valid = new DirectoryOutcomeRecorded(
                1,
                UUID.randomUUID(),
                "dir-0",
                null,
                PackageType.STARTER,
                1,
                ResultStatus.SUBMITTED,
                null,
                5L,
                FIRST_DAY,
                FIRST_DAY);
        String json = EventJson.writeString(valid);
        return switch (n % 4) {
            case 0 -> "not json at all".getBytes(StandardCharsets.UTF_8);
            case 1 -> json.replace("\"schemaVersion\":1", "\"schemaVersion\":7").getBytes(StandardCharsets.UTF_8);
            case 2 ->
                json.replace("\"status\":\"submitted\"", "\"status\":\"pending\"")
                        .getBytes(StandardCharsets.UTF_8);
            default -> json.getBytes(StandardCharsets.UTF_8); // a valid event under a key that is not its own
        };
    }

    private static void insertTruth(SubscriberWorld world, List<ResultRow> truth) {
        world.jdbc.execute("""
                CREATE TABLE public.job_results (
                    job_id uuid NOT NULL, directory_id text NOT NULL, attempt integer NOT NULL, status text NOT NULL,
                    duration_ms bigint, finished_at timestamptz NOT NULL, PRIMARY KEY (job_id, directory_id))
                """);
        world.jdbc.batchUpdate(
                "INSERT INTO public.job_results VALUES (?, ?, ?, ?, ?, ?)",
                truth.stream()
                        .map(row -> new Object[] {
                            row.jobId(),
                            row.directoryId(),
                            row.attempt(),
                            row.status().value(),
                            row.durationMs(),
                            Timestamp.from(row.finishedAt())
                        })
                        .toList());
    }

    private static int publish(SubscriberWorld world, List<Runnable> stream, int from, int until) {
        stream.subList(from, until).forEach(Runnable::run);
        world.flush();
        return until;
    }

    private static Process startSubscriber(SubscriberWorld world, int run) throws Exception {
        return TestJvm.start(
                AnalyticsSubscriberApplication.class,
                "256m",
                Path.of("target/subscriber-crash-" + run + ".log"),
                world.subscriberArguments("--analytics.kafka.max-poll-records=25"));
    }

    private static List<Map<String, Object>> outcomesCounted(SubscriberWorld world) {
        return world.jdbc.queryForList(
                "SELECT job_id, directory_id, attempt, status, duration_ms, occurred_at AS finished_at"
                        + " FROM analytics.outcomes ORDER BY job_id, directory_id");
    }

    private static List<Map<String, Object>> latestAttempts(SubscriberWorld world) {
        return world.jdbc.queryForList("SELECT job_id, directory_id, attempt, status, duration_ms, finished_at"
                + " FROM public.job_results ORDER BY job_id, directory_id");
    }

    private static List<Map<String, Object>> dailyFigures(SubscriberWorld world) {
        return world.jdbc.queryForList("SELECT directory_id, day, submitted, failed, skipped, median_duration_ms"
                + " FROM analytics.directory_daily ORDER BY directory_id, day");
    }

    private static List<Map<String, Object>> expectedDailyFigures(SubscriberWorld world) {
        return world.jdbc.queryForList("""
                SELECT directory_id,
                       (finished_at AT TIME ZONE 'UTC')::date AS day,
                       count(*) FILTER (WHERE status = 'submitted')::integer AS submitted,
                       count(*) FILTER (WHERE status = 'failed')::integer AS failed,
                       count(*) FILTER (WHERE status = 'skipped')::integer AS skipped,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS median_duration_ms
                  FROM public.job_results
                 GROUP BY directory_id, day
                 ORDER BY directory_id, day
                """);
    }
}
