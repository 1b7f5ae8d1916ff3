package com.autobolt.api.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.api.cdc.CdcTestSupport;
import com.autobolt.api.cdc.ChangeTopicsReader;
import com.autobolt.api.support.Api;
import com.autobolt.api.support.TestKeys;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.JobChanged;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The live event streams end to end: job-api with its change stream on, a real PostgreSQL and a
 * real Kafka; changes are made through the API or, playing the progress-projector, with SQL; the
 * streams are read line by line over HTTP.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobEventsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String KEYS = "admin:" + TestKeys.ADMIN + ",staff:" + TestKeys.STAFF + ",viewer:"
            + TestKeys.VIEWER + ",worker:" + TestKeys.WORKER;

    private static CdcTestSupport world;
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static UUID customer;

    /** One job change as a client saw it. */
    record Seen(UUID job, long version, String status, int percent, String id) {
        static Seen of(SseClient.Event event) {
            var json = event.json();
            return new Seen(
                    UUID.fromString(json.path("id").asString()),
                    json.path("version").asLong(),
                    json.path("status").asString(),
                    json.path("progress").path("percent").asInt(),
                    event.id());
        }
    }

    @BeforeAll
    static void startJobApi() throws Exception {
        world = new CdcTestSupport();
        first = startInstance();
        for (int i = 0; i < 50; i++) {
            world.insertDirectory("events-" + i);
        }
        customer = world.insertCustomer();
        awaitFeed(first);
        try (ChangeTopicsReader topics = world.reader()) {
            world.awaitStreamingChanges(topics);
        }
    }

    @AfterAll
    static void stopJobApi() throws Exception {
        // Here, while broker and database still run: left to the JVM's shutdown hooks, the instances
        // stopped beside a dying broker and held the test JVM's exit for 30 s.
        world.close();
    }

    @Test
    void shouldStreamOneJobFromItsCurrentStateThroughProgressToTheEnd() throws Exception {
        UUID job = createJob();
        try (SseClient client = open(first, "/api/jobs/" + job + "/events", TestKeys.VIEWER, null)) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.contentType()).startsWith("text/event-stream");
            SseClient.Event ready = client.next(WAIT);
            assertThat(ready.name()).isEqualTo("ready");
            assertThat(ready.id()).matches("\\d+:\\d+");
            assertThat(ready.data()).isEqualTo("{}");
            SseClient.Event current = client.next(WAIT);
            assertThat(current.name()).isEqualTo("job");
            assertThat(current.id())
                    .as("the state read at connect has no position")
                    .isNull();
            assertThat(current.json().path("status").asString()).isEqualTo("pending");
            assertThat(current.json().path("version").asLong()).isZero();
            assertThat(current.json().path("progress").path("total").asInt()).isEqualTo(50);
            assertThat(current.json().path("customerId").asString()).isEqualTo(customer.toString());

            progress(job, 10, 0, 0);
            progress(job, 30, 2, 0);
            progress(job, 45, 3, 2);

            List<Seen> seen =
                    collect(client, all -> all.stream().anyMatch(s -> s.status().equals("complete")));
            // The creation may still have been on its way when the client connected: same version as the state.
            List<Seen> changes = seen.stream().filter(s -> s.version() > 0).toList();
            assertThat(changes).extracting(Seen::version).containsExactly(1L, 2L, 3L);
            assertThat(changes).extracting(Seen::status).containsExactly("in_progress", "in_progress", "complete");
            assertThat(changes).extracting(Seen::percent).containsExactly(20, 64, 100);
            assertThat(seen).allSatisfy(s -> {
                assertThat(s.job()).isEqualTo(job);
                assertThat(s.id()).startsWith(ready.id().split(":")[0] + ":");
            });
            assertThat(offsetOf(changes.get(2).id()))
                    .isGreaterThan(offsetOf(changes.get(0).id()));
        }
    }

    @Test
    void shouldStreamTheChangesOfEveryJob() throws Exception {
        try (SseClient client = open(first, "/api/events", TestKeys.STAFF, null)) {
            SseClient.Event ready = client.next(WAIT);
            assertThat(ready.name()).isEqualTo("ready");
            assertThat(ready.id()).matches("0:\\d+,1:\\d+,2:\\d+");

            List<UUID> jobs = List.of(createJob(), createJob(), createJob());
            jobs.forEach(job -> progress(job, 5, 0, 0));
            Api.Response cancelled = api(first).post("/api/jobs/" + jobs.get(2) + "/cancel", TestKeys.STAFF, null);
            assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(202);

            List<Seen> seen = collect(
                    client,
                    all -> versionsOf(all, jobs.get(0)).contains(1L)
                            && versionsOf(all, jobs.get(1)).contains(1L)
                            && versionsOf(all, jobs.get(2)).contains(2L));
            assertThat(versionsOf(seen, jobs.get(0))).containsExactly(0L, 1L);
            assertThat(versionsOf(seen, jobs.get(1))).containsExactly(0L, 1L);
            assertThat(versionsOf(seen, jobs.get(2))).containsExactly(0L, 1L, 2L);
            assertThat(seen.stream().filter(s -> s.job().equals(jobs.get(2))).toList())
                    .extracting(Seen::status)
                    .containsExactly("pending", "in_progress", "cancelled");
            assertThat(seen).allSatisfy(s -> assertThat(s.id()).matches("0:\\d+,1:\\d+,2:\\d+"));
        }
    }

    @Test
    void shouldResumeAfterAReconnectOnTheSameAndOnAnotherInstanceWithoutMissingOrRepeatingAChange() throws Exception {
        UUID one = createJob();
        String lastId = idOfFirstProgress("/api/events", one, 1);
        // While disconnected:
        progress(one, 10, 0, 0);
        progress(one, 15, 0, 0);
        UUID two = createJob();
        progress(two, 5, 0, 0);

        try (SseClient client = open(first, "/api/events", TestKeys.VIEWER, lastId)) {
            SseClient.Event ready = client.next(WAIT);
            assertThat(ready.name()).isEqualTo("ready");
            assertThat(ready.data()).isEqualTo("{\"resumed\":true}");
            assertThat(ready.id()).isEqualTo(lastId);
            List<Seen> missed = collect(
                    client,
                    all -> versionsOf(all, one).contains(3L)
                            && versionsOf(all, two).contains(1L));
            progress(two, 10, 0, 0); // live, after the replay
            List<Seen> seen = new ArrayList<>(missed);
            seen.addAll(collect(client, all -> versionsOf(all, two).contains(2L)));
            assertThat(versionsOf(seen, one)).containsExactly(2L, 3L);
            assertThat(versionsOf(seen, two)).containsExactly(0L, 1L, 2L);
            lastId = ofJobs(seen, one, two)
                    .get(ofJobs(seen, one, two).size() - 1)
                    .id();
        }
        // While disconnected, then back on another instance:
        progress(one, 20, 0, 0);
        progress(two, 15, 0, 0);
        ConfigurableApplicationContext other = secondInstance();

        try (SseClient client = open(other, "/api/events", TestKeys.VIEWER, lastId)) {
            SseClient.Event ready = client.next(WAIT);
            assertThat(ready.data()).isEqualTo("{\"resumed\":true}");
            List<Seen> seen = new ArrayList<>(collect(
                    client,
                    all -> versionsOf(all, one).contains(4L)
                            && versionsOf(all, two).contains(3L)));
            progress(one, 25, 0, 0);
            seen.addAll(collect(client, all -> versionsOf(all, one).contains(5L)));
            assertThat(versionsOf(seen, one)).containsExactly(4L, 5L);
            assertThat(versionsOf(seen, two)).containsExactly(3L);
        }
    }

    @Test
    void shouldResumeOneJobsStreamOnAnotherInstance() throws Exception {
        UUID job = createJob();
        String lastId = idOfFirstProgress("/api/jobs/" + job + "/events", job, 2); // ready, the current state
        progress(job, 10, 0, 0);
        progress(job, 20, 1, 0);
        ConfigurableApplicationContext other = secondInstance();

        try (SseClient client = open(other, "/api/jobs/" + job + "/events", TestKeys.ADMIN, lastId)) {
            SseClient.Event ready = client.next(WAIT);
            assertThat(ready.data()).isEqualTo("{\"resumed\":true}");
            assertThat(ready.id()).isEqualTo(lastId);
            List<Seen> seen =
                    new ArrayList<>(collect(client, all -> versionsOf(all, job).contains(3L)));
            progress(job, 30, 1, 0);
            seen.addAll(collect(client, all -> versionsOf(all, job).contains(4L)));
            assertThat(seen)
                    .as("no state read from the database on a resume; no change twice")
                    .allSatisfy(s -> assertThat(s.id()).isNotNull())
                    .extracting(Seen::version)
                    .containsExactly(2L, 3L, 4L);
        }
    }

    @Test
    void shouldStartFromTheOldestChangeKeptAndSaySoWhenThePositionIsNotInTheTopic() throws Exception {
        try (SseClient client = open(first, "/api/events", TestKeys.VIEWER, "0:999999999,1:0,2:0")) {
            SseClient.Event ready = client.next(WAIT);
            assertThat(ready.name()).isEqualTo("ready");
            assertThat(ready.data()).isEqualTo("{\"resumed\":false}");
            assertThat(ready.id()).startsWith("0:0,");
        }
    }

    @Test
    void shouldRefuseWithoutAKeyForTheWorkerRoleForAnUnknownJobAndForAMalformedPosition() throws Exception {
        UUID job = createJob();
        for (String path : List.of("/api/events", "/api/jobs/" + job + "/events")) {
            assertRefused(open(first, path, null, null), 401);
            assertRefused(open(first, path, TestKeys.UNKNOWN, null), 401);
            assertRefused(open(first, path, TestKeys.WORKER, null), 403);
            for (String bad : List.of("garbage", "0:1,0:2", "7:12", "0:-1", "0:99999999999999999999")) {
                assertThat(assertRefused(open(first, path, TestKeys.VIEWER, bad), 400))
                        .contains("Last-Event-ID");
            }
        }
        assertThat(assertRefused(open(first, "/api/jobs/" + UUID.randomUUID() + "/events", TestKeys.VIEWER, null), 404))
                .contains("no job with id");
    }

    @Test
    void shouldTellTheKeysRole() {
        for (String role : List.of("admin", "staff", "viewer", "worker")) {
            Api.Response me = api(first).get("/api/me", TestKeys.of(role));
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.json().path("role").asString()).isEqualTo(role);
        }
        assertThat(api(first).get("/api/me", null).status()).isEqualTo(401);
        assertThat(api(first).get("/api/me", TestKeys.UNKNOWN).status()).isEqualTo(401);
    }

    @Test
    void shouldDescribeBothStreamsInOpenApi() {
        var paths = api(first).get("/v3/api-docs", TestKeys.VIEWER).json().path("paths");

        for (String path : List.of("/api/events", "/api/jobs/{id}/events")) {
            var get = paths.path(path).path("get");
            assertThat(get.path("responses").path("200").path("content").has("text/event-stream"))
                    .as(path)
                    .isTrue();
            assertThat(get.path("responses").has("400")).as(path).isTrue();
            assertThat(get.path("parameters").toString()).as(path).contains("Last-Event-ID");
        }
        assertThat(paths.path("/api/jobs/{id}/events")
                        .path("get")
                        .path("responses")
                        .has("404"))
                .isTrue();
        assertThat(paths.has("/api/me")).isTrue();
    }

    @Test
    void shouldSendKeepAlivesOnAnIdleStream() throws Exception {
        try (SseClient client = open(first, "/api/jobs/" + createJob() + "/events", TestKeys.VIEWER, null)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> client.comments() >= 2);
        }
    }

    @Test
    @Order(Integer.MAX_VALUE - 2) // its burst of changes would fill the buffers of other tests' streams: late
    void shouldNotLetAStalledClientDelayAnother() throws Exception {
        UUID job = createJob();
        int changes = 1500;
        try (SseClient stalled = SseClient.openStalled(uri(first, "/api/events"), headers(TestKeys.VIEWER, null));
                SseClient client = open(first, "/api/events", TestKeys.VIEWER, null)) {
            assertThat(stalled.status()).isEqualTo(200);
            client.next(WAIT);
            long start = System.currentTimeMillis();
            // One transaction, many changes: the change stream publishes each of them.
            world.execute("DO $$ BEGIN FOR i IN 1.." + changes + " LOOP UPDATE jobs SET status = 'in_progress',"
                    + " progress_submitted = i % 50, progress_done = i % 50, progress_percent = (100 * (i % 50)) / 50,"
                    + " version = version + 1, updated_at = now() WHERE id = '" + job + "'; END LOOP; END $$");
            List<Seen> seen = collect(client, all -> versionsOf(all, job).contains((long) changes));
            long arrived = System.currentTimeMillis() - start;
            assertThat(seen.stream().filter(s -> s.job().equals(job) && s.version() > 0))
                    .extracting(Seen::version)
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, changes).boxed().toList());
            assertThat(stalled.drain()).as("the stalled client read nothing").isEmpty();
            System.out.printf(
                    "%d changes: in Kafka after %d ms, at a client next to a stalled one after %d ms%n",
                    changes, lastPublished(job, changes) - start, arrived);
        }
    }

    /** The offset of the job's change that made {@code version}, once it is in the topic. */
    private static long offsetOfVersion(UUID job, long version) {
        try (ChangeTopicsReader topics = world.reader()) {
            long[] offset = {-1};
            await().atMost(WAIT).until(() -> {
                topics.poll().stream()
                        .filter(r -> job.toString().equals(r.key()))
                        .filter(r -> EventJson.read(r.value(), JobChanged.class)
                                        .after()
                                        .version()
                                == version)
                        .forEach(r -> offset[0] = r.offset());
                return offset[0] >= 0;
            });
            return offset[0];
        }
    }

    /** When the change stream's producer sent the job's last change (the records' CreateTime). */
    private static long lastPublished(UUID job, int changes) {
        try (ChangeTopicsReader topics = world.reader()) {
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                records.clear();
                topics.poll().stream()
                        .filter(r -> job.toString().equals(r.key()))
                        .forEach(records::add);
                return records.size() > changes;
            });
            return records.stream().mapToLong(ConsumerRecord::timestamp).max().orElseThrow();
        }
    }

    @Test
    @Order(Integer.MAX_VALUE - 1) // deletes records of the topic: after the tests that replay them
    void shouldStartFromTheOldestChangeKeptWhenThePositionIsOlderThanTheTopicKeeps() throws Exception {
        UUID job = createJob();
        String oldId = idOfFirstProgress("/api/jobs/" + job + "/events", job, 2); // ready, the current state
        int partition = Integer.parseInt(oldId.substring(0, oldId.indexOf(':')));
        progress(job, 10, 0, 0);
        progress(job, 15, 0, 0);
        long kept = offsetOfVersion(job, 3);
        // What retention does to old records: the partition now starts at the third change, so the
        // second one, the next the client needs, is gone.
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, world.kafka.bootstrapServers()))) {
            admin.deleteRecords(
                            Map.of(new TopicPartition(world.jobsTopic, partition), RecordsToDelete.beforeOffset(kept)))
                    .all()
                    .get();
        }

        try (SseClient client = open(first, "/api/jobs/" + job + "/events", TestKeys.VIEWER, oldId)) {
            SseClient.Event ready = client.next(WAIT);
            assertThat(ready.data()).isEqualTo("{\"resumed\":false}");
            assertThat(ready.id()).isEqualTo(partition + ":" + kept);
            List<Seen> seen =
                    new ArrayList<>(collect(client, all -> versionsOf(all, job).contains(3L)));
            progress(job, 20, 0, 0);
            seen.addAll(collect(client, all -> versionsOf(all, job).contains(4L)));
            assertThat(seen).extracting(Seen::version).containsExactly(3L, 4L);
        }
    }

    @Test
    @Order(Integer.MAX_VALUE) // stops the second instance: last
    void shouldEndOpenStreamsPromptlyWhenTheInstanceStops() throws Exception {
        ConfigurableApplicationContext other = secondInstance();
        try (SseClient client = open(other, "/api/events", TestKeys.VIEWER, null)) {
            assertThat(client.next(WAIT).name()).isEqualTo("ready");

            long start = System.nanoTime();
            other.close();
            second = null;

            Duration stopping = Duration.ofNanos(System.nanoTime() - start);
            // The web server's graceful shutdown would wait 30 s for a stream nobody ended.
            assertThat(stopping).isLessThan(Duration.ofSeconds(25));
            await().atMost(Duration.ofSeconds(10)).until(client::ended);
            assertThat(client.drain()).isEmpty();
        }
    }

    // --- helpers ---

    private static ConfigurableApplicationContext startInstance() {
        return world.startInstance(
                WebApplicationType.SERVLET,
                "autobolt.security.api-keys=" + KEYS,
                "autobolt.events.keep-alive-interval=2s");
    }

    private static synchronized ConfigurableApplicationContext secondInstance() {
        if (second == null) {
            second = startInstance();
            awaitFeed(second);
        }
        return second;
    }

    private static void awaitFeed(ConfigurableApplicationContext instance) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    try (SseClient client = open(instance, "/api/events", TestKeys.ADMIN, null)) {
                        return client.status() == 200;
                    }
                });
    }

    /** Subscribes, skips the first events, makes the job's first progress and returns that event's id. */
    private static String idOfFirstProgress(String path, UUID job, int skip) throws InterruptedException {
        try (SseClient client = open(first, path, TestKeys.ADMIN, null)) {
            for (int i = 0; i < skip; i++) {
                client.next(WAIT);
            }
            progress(job, 5, 0, 0);
            List<Seen> seen = collect(client, all -> versionsOf(all, job).contains(1L));
            return seen.get(seen.size() - 1).id();
        }
    }

    private UUID createJob() {
        Api.Response created =
                api(first).post("/api/jobs", TestKeys.STAFF, Map.of("customerId", customer, "packageType", "starter"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return UUID.fromString(created.json().path("id").asString());
    }

    /** Plays the progress-projector: the job's counters (of 50), in_progress until every directory ended. */
    private static void progress(UUID job, int submitted, int failed, int skipped) {
        int done = submitted + failed + skipped;
        boolean finished = done == 50;
        try {
            world.execute(
                    "UPDATE jobs SET status = ?, progress_submitted = ?, progress_failed = ?, progress_skipped = ?,"
                            + " progress_done = ?, progress_percent = ?, started_at = coalesce(started_at, now()),"
                            + " completed_at = CASE WHEN ? THEN now() END, updated_at = now(), version = version + 1"
                            + " WHERE id = ?",
                    finished ? "complete" : "in_progress",
                    submitted,
                    failed,
                    skipped,
                    done,
                    100 * done / 50,
                    finished,
                    job);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Job events until {@code enough} holds for them (other events, of other tests' jobs, included). */
    private static List<Seen> collect(SseClient client, Predicate<List<Seen>> enough) throws InterruptedException {
        List<Seen> seen = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!enough.test(seen)) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative()) {
                throw new AssertionError("not enough events within " + WAIT + ": " + seen);
            }
            SseClient.Event event = client.next(left);
            assertThat(event.name()).isEqualTo("job");
            seen.add(Seen.of(event));
        }
        return seen;
    }

    private static List<Long> versionsOf(List<Seen> seen, UUID job) {
        return seen.stream().filter(s -> s.job().equals(job)).map(Seen::version).toList();
    }

    private static List<Seen> ofJobs(List<Seen> seen, UUID... jobs) {
        Set<UUID> wanted = Set.of(jobs);
        return seen.stream().filter(s -> wanted.contains(s.job())).toList();
    }

    private static long offsetOf(String id) {
        return Long.parseLong(id.substring(id.indexOf(':') + 1));
    }

    private static String assertRefused(SseClient client, int status) throws Exception {
        try (client) {
            assertThat(client.status()).isEqualTo(status);
            assertThat(client.contentType()).startsWith("application/problem+json");
            return client.body();
        }
    }

    private static SseClient open(ConfigurableApplicationContext instance, String path, String key, String lastId) {
        return SseClient.open(uri(instance, path), headers(key, lastId));
    }

    private static Map<String, String> headers(String key, String lastId) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (key != null) {
            headers.put("X-Api-Key", key);
        }
        if (lastId != null) {
            headers.put("Last-Event-ID", lastId);
        }
        return headers;
    }

    private static java.net.URI uri(ConfigurableApplicationContext instance, String path) {
        return api(instance).uri(path);
    }

    private static Api api(ConfigurableApplicationContext instance) {
        return new Api(Integer.parseInt(instance.getEnvironment().getProperty("local.server.port")));
    }
}
