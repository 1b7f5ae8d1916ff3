package com.autobolt.nemesis;

import com.autobolt.schemas.DeadLetterHeaders;
import com.autobolt.schemas.Topics;
import com.autobolt.stack.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The invariants over everything that happened, checked once the system is quiet: SQL against
 * PostgreSQL, the topics replayed read_committed, the sandbox's record of every request, every
 * service's health. Each violation is a line with its evidence.
 */
final class Checker {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int EVIDENCE_ROWS = 20;
    /** The local stack's workers' request timeout (AUTOBOLT_WORKER_HTTP_REQUESTTIMEOUT in LocalStack). */
    private static final Duration WORKER_REQUEST_TIMEOUT = Duration.ofSeconds(3);

    private final LocalStack stack;
    private final FaultLog log;
    private final long runStartWallMillis;
    private final java.nio.file.Path logDirectory;
    private final List<String> violations = new ArrayList<>();

    /**
     * @param runStartWallMillis the wall-clock time at the run's start, only to place the sandbox's request
     *     times (its own clock, on this machine) among the faults
     * @param logDirectory the services' logs, where the workers write each assignment of task partitions
     */
    Checker(LocalStack stack, FaultLog log, long runStartWallMillis, java.nio.file.Path logDirectory) {
        this.stack = stack;
        this.logDirectory = logDirectory;
        this.log = log;
        this.runStartWallMillis = runStartWallMillis;
    }

    List<String> check(List<String> backwards) throws Exception {
        try (Connection db = stack.connectDatabase()) {
            sql(db, "job not terminal (nor held by an import)", """
                    SELECT id, status, attempt, progress_done || '/' || progress_total AS done, updated_at
                    FROM jobs WHERE status NOT IN ('complete', 'failed', 'cancelled') AND NOT dispatch_held""");
            sql(db, "progress differs from job_results", """
                    SELECT j.id, j.status, j.attempt,
                           j.progress_submitted || '/' || j.progress_failed || '/' || j.progress_skipped AS progress,
                           count(*) FILTER (WHERE r.status = 'submitted') || '/'
                             || count(*) FILTER (WHERE r.status = 'failed') || '/'
                             || count(*) FILTER (WHERE r.status = 'skipped') AS rows
                    FROM jobs j LEFT JOIN job_results r ON r.job_id = j.id
                    GROUP BY j.id
                    HAVING j.progress_submitted <> count(*) FILTER (WHERE r.status = 'submitted')
                        OR j.progress_failed <> count(*) FILTER (WHERE r.status = 'failed')
                        OR j.progress_skipped <> count(*) FILTER (WHERE r.status = 'skipped')""");
            sql(db, "result row of a directory the job never planned", """
                    SELECT r.job_id, r.directory_id, r.status FROM job_results r JOIN jobs j ON j.id = r.job_id
                    WHERE NOT (r.directory_id = ANY (j.planned_directory_ids))""");
            sql(db, "ended job without one ended row per planned directory", """
                    SELECT j.id, j.status, j.directory_count,
                           count(r.*) FILTER (WHERE r.status IN ('submitted', 'failed', 'skipped')) AS ended_rows
                    FROM jobs j LEFT JOIN job_results r ON r.job_id = j.id
                    WHERE j.status IN ('complete', 'failed')
                    GROUP BY j.id
                    HAVING count(r.*) FILTER (WHERE r.status IN ('submitted', 'failed', 'skipped')) <> j.directory_count""");
        }
        backwards.forEach(line -> violations.add("result or progress went backwards: " + line));
        sandboxSawEachTaskOnce();
        deadLettersHaveReasons();
        jobsTopicReplaysToTheDatabase();
        resultsTopicReplaysToTheDatabase();
        analyticsTopicsReplayToTheDatabase();
        everyServiceIsUp();
        return List.copyOf(violations);
    }

    private void sql(Connection db, String invariant, String query) throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery(query)) {
            int columns = rows.getMetaData().getColumnCount();
            int count = 0;
            List<String> evidence = new ArrayList<>();
            while (rows.next()) {
                count++;
                if (evidence.size() < EVIDENCE_ROWS) {
                    StringBuilder row = new StringBuilder();
                    for (int c = 1; c <= columns; c++) {
                        row.append(c == 1 ? "" : ", ")
                                .append(rows.getMetaData().getColumnLabel(c))
                                .append('=')
                                .append(rows.getString(c));
                    }
                    evidence.add(row.toString());
                }
            }
            evidence.forEach(row -> violations.add(invariant + ": " + row));
            if (count > evidence.size()) {
                violations.add(invariant + ": ... and " + (count - evidence.size()) + " more rows");
            }
        }
    }

    /**
     * A task is submitted to its site at most once per attempt (the Idempotency-Key names the task and
     * its attempt): a request received after the site had answered an earlier request of the same key with
     * 2xx (accepted) is a duplicate submission, unless a worker was killed or paused in between, or the task's
     * partition moved to another worker in between ({@link PartitionOwners}: the task then legitimately ran
     * again elsewhere; a worker whose own session restarts keeps its partitions and publishes what it remembers). A request the site had not answered yet when the next came
     * (a hanging site, a trickling or endless body: the worker's request timeout fired first) is retried by
     * the worker with the same key by design, as is one the site failed: not counted. Nor is one the site
     * answered in time by its own clock but whose try the worker logged as failed in between
     * ({@link FailedTries}: the answer did not reach a worker starved of CPU before its timeout).
     */
    private void sandboxSawEachTaskOnce() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(stack.sandboxBaseUrl() + "/submissions"))
                        .timeout(Duration.ofMinutes(1))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode submissions = JSON.readTree(answer.body());
        Map<String, List<JsonNode>> byKey = new HashMap<>();
        for (JsonNode submission : submissions) {
            String key = submission.path("idempotencyKey").asString(null);
            if (key != null) {
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(submission);
            }
        }
        PartitionOwners owners =
                PartitionOwners.fromLogs(logDirectory, Topics.DIRECTORY_TASKS, partitionCount(Topics.DIRECTORY_TASKS));
        FailedTries failedTries = FailedTries.fromLogs(logDirectory);
        int reported = 0;
        int movedPartition = 0;
        int retriedUnheard = 0;
        for (Map.Entry<String, List<JsonNode>> entry : byKey.entrySet()) {
            List<JsonNode> requests = entry.getValue();
            for (JsonNode earlier : requests) {
                int status = earlier.path("status").asInt(0);
                if (status < 200 || status >= 300 || !earlier.hasNonNull("answeredAt") || unheard(earlier)) {
                    continue;
                }
                Instant answered = Instant.parse(earlier.path("answeredAt").asString());
                Instant earlierReceived =
                        Instant.parse(earlier.path("receivedAt").asString());
                for (JsonNode later : requests) {
                    Instant received = Instant.parse(later.path("receivedAt").asString());
                    if (!received.isAfter(answered)) {
                        continue;
                    }
                    long from = elapsedNanosOf(earlier.path("receivedAt")) - 1_000_000_000L;
                    long to = elapsedNanosOf(later.path("receivedAt")) + 1_000_000_000L;
                    if (log.anyOn("job-worker-", from, to) || log.anyOn("http-worker", from, to)) {
                        continue;
                    }
                    if (owners.moved(
                            earlier.path("directoryId").asString(""),
                            earlierReceived.minusSeconds(1),
                            received.plusSeconds(1))) {
                        movedPartition++;
                        continue;
                    }
                    if (failedTries.anyOf(entry.getKey(), earlierReceived, received.plusSeconds(1))) {
                        retriedUnheard++;
                        continue;
                    }
                    if (reported++ < EVIDENCE_ROWS) {
                        violations.add("task submitted again after its site accepted it, without a worker fault"
                                + " between: key " + entry.getKey() + ", accepted (" + status + ") at "
                                + log.stamp(elapsedNanosOf(earlier.path("receivedAt")))
                                        .trim() + " answered "
                                + log.stamp(elapsedNanosOf(earlier.path("answeredAt")))
                                        .trim()
                                + ", again at "
                                + log.stamp(elapsedNanosOf(later.path("receivedAt")))
                                        .trim()
                                + " (answered " + later.path("status").asInt() + ")");
                    }
                }
            }
        }
        if (reported > EVIDENCE_ROWS) {
            violations.add(
                    "task submitted again after its site accepted it: ... and " + (reported - EVIDENCE_ROWS) + " more");
        }
        log.print("sandbox: " + submissions.size() + " requests of " + byKey.size() + " tasks; " + movedPartition
                + " submitted again after their partition moved to another worker, " + retriedUnheard
                + " tried again by a worker that logged it had not heard the answer in time (excused)");
    }

    /**
     * An answer the worker cannot have heard: one that came after the worker's request timeout (a hanging
     * site's), or a hostile site's (a trickling or endless body, an unreadable answer: the worker gives up
     * reading, and retries with the same key). Seen in the first runs (seed 42): without this, every such
     * retry was counted as a duplicate.
     */
    private static boolean unheard(JsonNode submission) {
        Duration took = Duration.between(
                Instant.parse(submission.path("receivedAt").asString()),
                Instant.parse(submission.path("answeredAt").asString()));
        return took.compareTo(WORKER_REQUEST_TIMEOUT) >= 0
                || submission.path("directoryId").asString("").startsWith("hostile-");
    }

    private int partitionCount(String topic) throws Exception {
        try (Admin admin = Admin.create(stack.kafkaClientProperties())) {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .size();
        }
    }

    /** A sandbox time (its clock, this machine's) as elapsed time from the run's start. */
    private long elapsedNanosOf(JsonNode instant) {
        return (Instant.parse(instant.asString()).toEpochMilli() - runStartWallMillis) * 1_000_000L;
    }

    /** Every record of every dead-letter topic says why it is there. */
    private void deadLettersHaveReasons() throws Exception {
        List<String> topics;
        try (Admin admin = Admin.create(stack.kafkaClientProperties())) {
            topics = admin.listTopics().names().get().stream()
                    .filter(name -> name.endsWith(".dlt"))
                    .sorted()
                    .toList();
        }
        for (String topic : topics) {
            int[] counts = new int[2];
            readToEnd(topic, record -> {
                counts[0]++;
                Header reason = record.headers().lastHeader(DeadLetterHeaders.REASON);
                if (reason == null || new String(reason.value(), StandardCharsets.UTF_8).isBlank()) {
                    counts[1]++;
                    if (counts[1] <= EVIDENCE_ROWS) {
                        violations.add("dead-lettered record without a reason: " + topic + " offset " + record.offset()
                                + " key " + record.key());
                    }
                }
            });
            log.print(
                    "dead letters: " + topic + " holds " + counts[0] + " records, " + counts[1] + " without a reason");
        }
    }

    /**
     * A subscriber replaying the jobs topic from its start ends with each job as PostgreSQL holds it: the
     * last event of each job has the row's version, status and progress.
     */
    private void jobsTopicReplaysToTheDatabase() throws Exception {
        Map<String, JsonNode> last = new HashMap<>();
        readToEnd(Topics.JOBS, record -> {
            if (record.key() != null && record.value() != null) {
                last.put(record.key(), JSON.readTree(record.value()).path("after"));
            }
        });
        compareWithJobRows("jobs topic", last);
    }

    /**
     * A subscriber replaying the results topic from its start with the de-duplication rule of
     * docs/subscribers.md (per job and directory the highest attempt; within it the highest stage, pending &lt;
     * claimed &lt; an ended one, the first ended one kept) ends with each directory of each job as
     * {@code job_results} holds it.
     */
    private void resultsTopicReplaysToTheDatabase() throws Exception {
        Map<String, JsonNode> replayed = new HashMap<>();
        readToEnd(Topics.DIRECTORY_RESULTS, record -> {
            if (record.value() == null) {
                return;
            }
            JsonNode result = JSON.readTree(record.value());
            String key = result.path("jobId").asString("") + "/"
                    + result.path("directoryId").asString("");
            replayed.merge(key, result, (held, next) -> supersedes(next, held) ? next : held);
        });
        compareWithResultRows("results topic", replayed, false);
    }

    private static boolean supersedes(JsonNode next, JsonNode held) {
        int attempt = Integer.compare(
                next.path("attempt").asInt(), held.path("attempt").asInt());
        return attempt > 0 || (attempt == 0 && stage(next) > stage(held));
    }

    private static int stage(JsonNode result) {
        return switch (result.path("status").asString("").toLowerCase(java.util.Locale.ROOT)) {
            case "pending" -> 0;
            case "claimed" -> 1;
            default -> 2;
        };
    }

    /**
     * The two analytics topics replayed as a subscriber rebuilds them (the last value per key): each ended
     * directory of each job has its outcome with the row's attempt and status, and each job its summary with
     * the row's version, status and progress.
     */
    private void analyticsTopicsReplayToTheDatabase() throws Exception {
        compareWithResultRows("analytics outcomes topic", lastValuePerKey(Topics.ANALYTICS_DIRECTORY_OUTCOMES), true);
        compareWithJobRows("analytics jobs topic", lastValuePerKey(Topics.ANALYTICS_JOBS));
    }

    /** Each job's replayed state (version, status, progress done) against its row in {@code jobs}. */
    private void compareWithJobRows(String topic, Map<String, JsonNode> replayed) throws SQLException {
        int reported = 0;
        int compared = 0;
        try (Connection db = stack.connectDatabase();
                Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id::text, version, status, progress_done FROM jobs")) {
            while (rows.next()) {
                compared++;
                JsonNode job = replayed.get(rows.getString(1));
                String fromTopic = job == null || job.isMissingNode() || job.isNull()
                        ? "nothing"
                        : "version " + job.path("version").asLong() + " "
                                + job.path("status").asString("").toLowerCase(java.util.Locale.ROOT) + " done "
                                + job.path("progress").path("done").asLong();
                String stored = "version " + rows.getLong(2) + " " + rows.getString(3) + " done " + rows.getLong(4);
                if (!fromTopic.equals(stored) && reported++ < EVIDENCE_ROWS) {
                    violations.add(topic + " replays job " + rows.getString(1) + " to " + fromTopic
                            + ", PostgreSQL holds " + stored);
                }
            }
        }
        if (reported > EVIDENCE_ROWS) {
            violations.add(topic + " replay: ... and " + (reported - EVIDENCE_ROWS) + " more jobs");
        }
        log.print(topic + ": " + replayed.size() + " jobs replayed, " + compared + " compared with PostgreSQL");
    }

    /** A compacted topic as a subscriber rebuilds it: the last value of each key, a tombstone removing it. */
    private Map<String, JsonNode> lastValuePerKey(String topic) {
        Map<String, JsonNode> last = new HashMap<>();
        readToEnd(topic, record -> {
            if (record.key() != null) {
                if (record.value() == null) {
                    last.remove(record.key());
                } else {
                    last.put(record.key(), JSON.readTree(record.value()));
                }
            }
        });
        return last;
    }

    /**
     * Compares a replay keyed {@code <jobId>/<directoryId>} with {@code job_results}: every row has a replayed
     * record with its attempt and status; with {@code endedOnly} (a topic of outcomes, without pending or
     * claimed records) rows not ended are left out.
     */
    private void compareWithResultRows(String topic, Map<String, JsonNode> replayed, boolean endedOnly)
            throws SQLException {
        int reported = 0;
        int compared = 0;
        try (Connection db = stack.connectDatabase();
                Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT job_id::text || '/' || directory_id, attempt, status FROM job_results")) {
            while (rows.next()) {
                if (endedOnly && List.of("pending", "claimed").contains(rows.getString(3))) {
                    continue;
                }
                compared++;
                JsonNode record = replayed.get(rows.getString(1));
                String fromTopic = record == null
                        ? "nothing"
                        : "attempt " + record.path("attempt").asInt() + " "
                                + record.path("status").asString("").toLowerCase(java.util.Locale.ROOT);
                String stored = "attempt " + rows.getInt(2) + " " + rows.getString(3);
                if (!fromTopic.equals(stored) && reported++ < EVIDENCE_ROWS) {
                    violations.add(topic + " replays " + rows.getString(1) + " to " + fromTopic + ", job_results holds "
                            + stored);
                }
            }
        }
        if (reported > EVIDENCE_ROWS) {
            violations.add(topic + " replay: ... and " + (reported - EVIDENCE_ROWS) + " more rows");
        }
        log.print(topic + ": " + replayed.size() + " replayed, " + compared + " rows compared with job_results");
    }

    private void everyServiceIsUp() {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        stack.healthPorts().forEach((service, port) -> {
            String status;
            try {
                HttpResponse<String> health = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                status = health.statusCode() == 200 && health.body().contains("\"status\":\"UP\"")
                        ? "UP"
                        : "HTTP " + health.statusCode() + " " + health.body();
            } catch (Exception e) {
                status = "no answer: " + e;
            }
            if (!status.equals("UP")) {
                violations.add("service not UP: " + service + ": " + status);
            }
        });
    }

    private void readToEnd(String topic, Consumer<ConsumerRecord<String, String>> each) {
        Map<String, Object> properties = new HashMap<>(stack.kafkaClientProperties());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    violations.add("could not read " + topic + " to its end within 3 minutes");
                    return;
                }
                consumer.poll(Duration.ofSeconds(1)).forEach(each);
            }
        }
    }
}
