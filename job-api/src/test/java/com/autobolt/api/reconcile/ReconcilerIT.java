package com.autobolt.api.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.api.cdc.CdcTestSupport;
import com.autobolt.api.cdc.ChangeTopicsReader;
import com.autobolt.api.support.TopicsReader;
import com.autobolt.schemas.ChangeOperation;
import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.DirectoryTaskDispatched;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.JobChanged;
import com.autobolt.schemas.JobStatus;
import com.autobolt.schemas.ResultStatus;
import com.autobolt.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The reconciler on a real PostgreSQL and a real Kafka broker, with short bounds. No dispatcher,
 * executor or projector runs: the test writes {@code jobs} and {@code job_results} as job-api and the
 * projector would, and reads what the reconciler publishes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReconcilerIT {

    private static final Duration BOUND = Duration.ofSeconds(3);
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final int MAX_REDISPATCHES = 2;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PROFILE =
            "{\"businessName\": \"Harbor Bakery\", \"email\": \"hello@harborbakery.example\"}";

    private static CdcTestSupport world;
    private static String tasksTopic;
    private static String priorityTasksTopic;
    private static String externalTasksTopic;
    private static String resultsTopic;
    private static ConfigurableApplicationContext instance;
    private static TopicsReader topics;
    private static UUID customerId;

    @BeforeAll
    static void startJobApi() throws Exception {
        world = new CdcTestSupport();
        tasksTopic = world.kafka.uniqueName("tasks");
        priorityTasksTopic = world.kafka.uniqueName("priority-tasks");
        externalTasksTopic = world.kafka.uniqueName("external-tasks");
        resultsTopic = world.kafka.uniqueName("results");
        // As job-worker creates them; the reconciler relies on no auto-creation.
        world.kafka.createTopics(2, tasksTopic, priorityTasksTopic, externalTasksTopic, resultsTopic);
        // The change stream on too: the reconciler's snapshot is compared with what it publishes.
        instance = startReconcilingInstance();
        try (ChangeTopicsReader changes = world.reader()) {
            world.awaitStreamingChanges(changes);
        }
        topics = new TopicsReader(
                world.kafka.bootstrapServers(),
                List.of(world.jobsTopic, tasksTopic, priorityTasksTopic, externalTasksTopic, resultsTopic));
        customerId = world.insertCustomer();
    }

    @AfterAll
    static void stopJobApi() throws Exception {
        if (topics != null) {
            topics.close();
        }
        world.close();
    }

    private static ConfigurableApplicationContext startReconcilingInstance(String... extra) {
        List<String> properties = new ArrayList<>(List.of(
                "autobolt.reconciler.enabled=true",
                "autobolt.reconciler.interval=500ms",
                "autobolt.reconciler.dispatch-bound=" + BOUND.toMillis() + "ms",
                "autobolt.reconciler.lease=" + LEASE.toMillis() + "ms",
                "autobolt.reconciler.max-redispatches=" + MAX_REDISPATCHES,
                "autobolt.reconciler.tasks-topic=" + tasksTopic,
                "autobolt.reconciler.priority-tasks-topic=" + priorityTasksTopic,
                "autobolt.reconciler.external-tasks-topic=" + externalTasksTopic,
                "autobolt.reconciler.results-topic=" + resultsTopic));
        properties.addAll(List.of(extra));
        return world.startInstance(WebApplicationType.NONE, properties.toArray(String[]::new));
    }

    // --- (a) a pending job whose change never reached a dispatcher ---

    @Test
    @Order(1)
    void shouldRepublishAPendingJobWithoutResultsAsASnapshotAfterTheBoundAndOnlyUntilItHasResults() throws Exception {
        List<String> directories = insertDirectories(2, 0);
        UUID stuck = insertJob(directories, 3, "pending", "0 seconds");
        UUID dispatched = insertJob(directories, 3, "pending", "0 seconds");
        insertResult(dispatched, directories.get(0), "pending", 1, "0 seconds");
        // Imported and held until import-legacy --resume: waiting on purpose, not stuck.
        UUID held = insertJob(directories, 3, "pending", "0 seconds");
        world.execute(
                "UPDATE jobs SET origin = 'legacy-import', dispatch_held = true, updated_at = created_at WHERE id = ?",
                held);
        Instant createdAt = createdAt(stuck);

        JobChanged created = await().atMost(WAIT)
                .until(() -> jobChanges(stuck, ChangeOperation.CREATED), list -> !list.isEmpty())
                .get(0)
                .event();
        sleepUntil(createdAt.plus(BOUND).minusMillis(700));
        assertThat(jobChanges(stuck, ChangeOperation.SNAPSHOT))
                .as("before the bound")
                .isEmpty();

        Change snapshot = await().atMost(WAIT)
                .until(() -> jobChanges(stuck, ChangeOperation.SNAPSHOT), list -> !list.isEmpty())
                .get(0);

        // Less a millisecond: the broker stamps whole milliseconds, the database microseconds.
        assertThat(snapshot.publishedAt())
                .isAfterOrEqualTo(createdAt.plus(BOUND).minusMillis(1));
        assertThat(snapshot.event().before()).isNull();
        assertThat(snapshot.event().after())
                .as("built as the change stream builds it")
                .isEqualTo(created.after());
        assertThat(snapshot.event().source().lsn())
                .as("ordered after the job's changes so far")
                .isGreaterThan(created.source().lsn());

        // The dispatcher's pending results arrive (written here as the projector would): no more repairs.
        insertResult(stuck, directories.get(0), "pending", 1, "0 seconds");
        Thread.sleep(BOUND.multipliedBy(2).toMillis());
        assertThat(jobChanges(stuck, ChangeOperation.SNAPSHOT)).hasSize(1);
        assertThat(jobChanges(dispatched, ChangeOperation.SNAPSHOT)).isEmpty();
        assertThat(jobChanges(held, ChangeOperation.SNAPSHOT)).isEmpty();
        assertThat(health().getDetails()).containsKey("lastPassAt");
        assertThat((Long) health().getDetails().get("jobsRepublished")).isPositive();
    }

    @Test
    @Order(2)
    void shouldRepublishAStuckJobAgainOnlyOncePerBound() throws Exception {
        List<String> directories = insertDirectories(1, 0);
        UUID stuck = insertJob(directories, 3, "pending", "1 hour");

        List<Change> snapshots =
                await().atMost(WAIT).until(() -> jobChanges(stuck, ChangeOperation.SNAPSHOT), list -> list.size() >= 2);

        Duration between = Duration.between(
                snapshots.get(0).publishedAt(), snapshots.get(1).publishedAt());
        assertThat(between).isGreaterThanOrEqualTo(BOUND.minusMillis(100));
        assertThat(queryLong("SELECT republications FROM reconciler_job_republications WHERE job_id = ?", stuck))
                .isGreaterThanOrEqualTo(2);
        insertResult(stuck, directories.get(0), "pending", 1, "0 seconds");
    }

    // --- (d) a change the dispatcher dead-lettered ---

    @Test
    @Order(3)
    void shouldRepublishARetriedJobWhoseChangeTheDispatcherDeadLettered() throws Exception {
        List<String> directories = insertDirectories(2, 0);
        UUID job = insertJob(directories, 3, "pending", "0 seconds");
        insertResult(job, directories.get(0), "failed", 1, "0 seconds");
        insertResult(job, directories.get(1), "submitted", 1, "0 seconds");
        world.execute(
                "UPDATE jobs SET status = 'failed', completed_at = now(), version = version + 1 WHERE id = ?", job);
        // The retry: attempt 2 re-processes the failed directory. Its change is what the dispatcher lost.
        world.execute(
                "UPDATE jobs SET status = 'pending', attempt = 2, completed_at = NULL, updated_at = now(),"
                        + " dispatch_directory_ids = ARRAY[?], version = version + 1 WHERE id = ?",
                directories.get(0),
                job);
        deadLetterAsTheDispatcherDoes(job);

        Change snapshot = await().atMost(WAIT)
                .until(() -> jobChanges(job, ChangeOperation.SNAPSHOT), list -> !list.isEmpty())
                .get(0);

        assertThat(snapshot.event().after().status()).isEqualTo(JobStatus.PENDING);
        assertThat(snapshot.event().after().attempt()).isEqualTo(2);
        assertThat(snapshot.event().after().dispatchDirectoryIds()).containsExactly(directories.get(0));
        // Dispatched now: the projector resets the retried directory's row to the new attempt.
        world.execute(
                "UPDATE job_results SET status = 'pending', attempt = 2, updated_at = now()"
                        + " WHERE job_id = ? AND directory_id = ?",
                job,
                directories.get(0));
    }

    // --- (b) result rows that do not move ---

    @Test
    @Order(4)
    void shouldRedispatchAnExpiredTaskThenEndItAndEndTasksOfAnInactiveDirectoryAtOnce() throws Exception {
        String active = insertDirectories(1, 0).get(0);
        String inactive = insertDirectories(1, 0).get(0);
        world.execute("UPDATE directories SET active = false WHERE id = ?", inactive);
        UUID job = insertJob(List.of(active, inactive), 1, "in_progress", "5 minutes");
        insertResult(job, active, "claimed", 1, "1 minute");
        insertResult(job, inactive, "pending", 1, "1 minute");
        String taskId = job + ":" + active + ":1";

        List<ConsumerRecord<String, byte[]>> ended =
                await().atMost(WAIT).until(() -> results(job), list -> list.size() >= 2);

        List<DirectoryTaskDispatched> claims = claims(priorityTasksTopic, job);
        assertThat(claims).hasSize(MAX_REDISPATCHES);
        for (DirectoryTaskDispatched claim : claims) {
            assertThat(claim.taskId()).isEqualTo(taskId);
            assertThat(claim.idempotencyKey()).isEqualTo(taskId);
            assertThat(claim.attempt()).isEqualTo(1);
            assertThat(claim.priority()).isEqualTo(1);
            assertThat(claim.customerId()).isEqualTo(customerId);
            assertThat(claim.profile().businessName()).isEqualTo("Harbor Bakery");
            assertThat(claim.directory().directoryId()).isEqualTo(active);
            assertThat(claim.directory().fieldMapping()).containsEntry("name", "business_name");
        }
        assertThat(claims(tasksTopic, job))
                .as("priority 1 goes to the priority topic")
                .isEmpty();
        List<ConsumerRecord<String, byte[]>> claimRecords = records(priorityTasksTopic, job);
        assertThat(claimRecords.get(1).timestamp() - claimRecords.get(0).timestamp())
                .as("re-dispatches spaced by the lease")
                .isGreaterThanOrEqualTo(LEASE.toMillis() - 100);

        Map<String, DirectoryResultReported> byDirectory = new HashMap<>();
        ended.forEach(r -> {
            DirectoryResultReported result = EventJson.read(r.value(), DirectoryResultReported.class);
            byDirectory.put(result.directoryId(), result);
        });
        assertThat(byDirectory.get(inactive).status()).isEqualTo(ResultStatus.SKIPPED);
        assertThat(byDirectory.get(inactive).errorCode()).isEqualTo("directory_inactive");
        assertThat(byDirectory.get(active).status()).isEqualTo(ResultStatus.FAILED);
        assertThat(byDirectory.get(active).errorCode()).isEqualTo("lease_expired");
        assertThat(byDirectory.get(active).taskId()).isEqualTo(taskId);
        assertThat(ended.get(0).key()).isEqualTo(job.toString());
        assertThat(results(job)).as("each task ended once").hasSize(2);
        assertThat(claims.stream().filter(c -> c.directoryId().equals(inactive)))
                .isEmpty();
        // The projector is the one writer of job_results: the rows are as the test left them.
        assertThat(queryLong(
                        "SELECT count(*) FROM job_results WHERE job_id = ? AND status IN ('pending', 'claimed')", job))
                .isEqualTo(2);
        assertThat((Long) health().getDetails().get("tasksEndedLeaseExpired")).isPositive();
        assertThat((Long) health().getDetails().get("tasksEndedDirectoryInactive"))
                .isPositive();
    }

    @Test
    @Order(5)
    void shouldRedispatchATaskOfALowPriorityJobToTheTasksTopicAndLeaveItOnceTheJobIsOver() throws Exception {
        String directory = insertDirectories(1, 0).get(0);
        UUID job = insertJob(List.of(directory), 4, "in_progress", "5 minutes");
        insertResult(job, directory, "pending", 1, "1 minute");

        await().atMost(WAIT).until(() -> claims(tasksTopic, job), list -> list.size() == 1);
        world.execute("UPDATE jobs SET status = 'cancelled', completed_at = now() WHERE id = ?", job);
        Thread.sleep(LEASE.multipliedBy(3).toMillis());

        assertThat(claims(tasksTopic, job)).hasSize(1);
        assertThat(claims(priorityTasksTopic, job)).isEmpty();
        assertThat(results(job)).isEmpty();
    }

    @Test
    @Order(6)
    void shouldLeaveTheQueueOfASlowDirectoryAloneWithinItsExtendedLease() throws Exception {
        String slow = insertDirectories(1, Duration.ofHours(1).toMillis()).get(0);
        List<UUID> jobs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            UUID job = insertJob(List.of(slow), 3, "in_progress", "20 minutes");
            insertResult(job, slow, "pending", 1, "10 minutes");
            jobs.add(job);
        }

        // Ten minutes without a change is 300 leases here, but within lease + 1 h x 3 queued rows.
        Thread.sleep(LEASE.multipliedBy(3).toMillis());

        for (UUID job : jobs) {
            assertThat(claims(tasksTopic, job)).isEmpty();
            assertThat(results(job)).isEmpty();
        }
        assertThat(queryLong("SELECT count(*) FROM reconciler_task_repairs WHERE directory_id = ?", slow))
                .isZero();
    }

    // --- (c) one actor among instances ---

    @Test
    @Order(7)
    void shouldLetOnlyOneOfTwoInstancesActWhenTheirPassesRunTogether() throws Exception {
        ConfigurableApplicationContext second = startReconcilingInstance("autobolt.cdc.enabled=false");
        List<String> directories = insertDirectories(1, 0);
        long skippedBefore = skipped(instance) + skipped(second);
        UUID stuck;

        // Whichever instance takes the reconciler's lock first stalls on this table lock mid-pass,
        // holding it; without the lock both would stall here, then both publish. The job comes
        // after the table lock, so that no pass repairs it before.
        try (Connection connection = world.database.connect()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("LOCK TABLE reconciler_job_republications IN ACCESS EXCLUSIVE MODE");
            }
            stuck = insertJob(directories, 3, "pending", "1 hour");
            // Several intervals: both instances have started a pass by now.
            Thread.sleep(2_000);
            assertThat(jobChanges(stuck, ChangeOperation.SNAPSHOT)).isEmpty();
            connection.commit();
        }

        await().atMost(WAIT).until(() -> jobChanges(stuck, ChangeOperation.SNAPSHOT), list -> !list.isEmpty());
        Thread.sleep(BOUND.toMillis() / 2);
        assertThat(jobChanges(stuck, ChangeOperation.SNAPSHOT)).hasSize(1);
        assertThat(skipped(instance) + skipped(second))
                .as("the other instance's passes were skipped meanwhile")
                .isGreaterThan(skippedBefore);
        second.close();
    }

    // --- (d) external directories, done by people through the lease service ---

    @Test
    @Order(8)
    void shouldLeaveExternalTasksWaitingInTheLeaseTableAndRedispatchOnlyThoseThatNeverReachedIt() throws Exception {
        List<String> directories = insertDirectories(2, 0);
        String waiting = directories.get(0);
        String lost = directories.get(1);
        world.execute("UPDATE directories SET execution_mode = 'external' WHERE id IN (?, ?)", waiting, lost);
        UUID job = insertJob(directories, 3, "in_progress", "5 minutes");
        insertResult(job, waiting, "pending", 1, "1 minute");
        insertResult(job, lost, "pending", 1, "1 minute");
        // The lease service recorded the first task: it waits there for a person, however long.
        world.execute(
                "INSERT INTO external_tasks (task_id, job_id, directory_id, attempt, priority, claim, dispatched_at)"
                        + " VALUES (?, ?, ?, 1, 3, '{}'::jsonb, now() - interval '1 minute')",
                job + ":" + waiting + ":1",
                job,
                waiting);

        // The lost one: re-dispatched to the external topic (never to an executor's), then ended.
        await().atMost(WAIT).until(() -> results(job), list -> !list.isEmpty());
        List<DirectoryTaskDispatched> claims = claims(externalTasksTopic, job);
        assertThat(claims)
                .hasSize(MAX_REDISPATCHES)
                .allMatch(claim -> claim.directoryId().equals(lost));
        assertThat(claims(tasksTopic, job)).isEmpty();
        assertThat(claims(priorityTasksTopic, job)).isEmpty();
        Thread.sleep(LEASE.multipliedBy(3).toMillis());
        assertThat(results(job))
                .extracting(r ->
                        EventJson.read(r.value(), DirectoryResultReported.class).directoryId())
                .as("the task in the lease table is never ended for lease expiry")
                .containsExactly(lost);
        assertThat(queryLong("SELECT count(*) FROM reconciler_task_repairs WHERE directory_id = ?", waiting))
                .isZero();
    }

    // --- helpers ---

    /** A change event as read, with the time the broker stamped it. */
    private record Change(JobChanged event, Instant publishedAt) {}

    private static List<Change> jobChanges(UUID jobId, ChangeOperation op) {
        return records(world.jobsTopic, jobId).stream()
                .map(r -> new Change(EventJson.read(r.value(), JobChanged.class), Instant.ofEpochMilli(r.timestamp())))
                .filter(change -> change.event().op() == op)
                .toList();
    }

    private static List<ConsumerRecord<String, byte[]>> records(String topic, UUID jobId) {
        return topics.records(topic).stream()
                .filter(r -> topic.equals(world.jobsTopic) || topic.equals(resultsTopic)
                        ? jobId.toString().equals(r.key())
                        : EventJson.read(r.value(), DirectoryTaskDispatched.class)
                                .jobId()
                                .equals(jobId))
                .toList();
    }

    private static List<DirectoryTaskDispatched> claims(String topic, UUID jobId) {
        return records(topic, jobId).stream()
                .map(r -> EventJson.read(r.value(), DirectoryTaskDispatched.class))
                .toList();
    }

    private static List<ConsumerRecord<String, byte[]>> results(UUID jobId) {
        return records(resultsTopic, jobId);
    }

    private static ReconcilerStatus.Snapshot status(ConfigurableApplicationContext context) {
        return context.getBean(ReconcilerStatus.class).snapshot();
    }

    private static long skipped(ConfigurableApplicationContext context) {
        return status(context).passesSkipped();
    }

    private static Health health() {
        return instance.getBean(ReconcilerHealthIndicator.class).health();
    }

    /** What the dispatcher writes when it cannot read a change: the raw value, keyed by job id. */
    private static void deadLetterAsTheDispatcherDoes(UUID jobId) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, world.kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                    Topics.deadLetterOf(world.jobsTopic),
                    jobId.toString(),
                    "{\"schemaVersion\": 1, \"op\": \"updated\", \"jobId\": ".getBytes(StandardCharsets.UTF_8));
            record.headers().add("autobolt.dlt.reason", "unexpected end of input".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
    }

    private static List<String> insertDirectories(int count, long minIntervalMs) throws SQLException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "dir-" + UUID.randomUUID().toString().substring(0, 8);
            world.insertDirectory(id);
            world.execute("UPDATE directories SET min_interval_ms = ? WHERE id = ?", minIntervalMs, id);
            ids.add(id);
        }
        return ids;
    }

    /** A job as job-api writes it; {@code age} back-dates its last change (a PostgreSQL interval). */
    private static UUID insertJob(List<String> directories, int priority, String status, String age)
            throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection connection = world.database.connect();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO jobs (id, customer_id, package_type, directory_count, priority, status,"
                                + " planned_directory_ids, dispatch_directory_ids, business_profile, progress_total,"
                                + " created_at, updated_at, started_at)"
                                + " VALUES (?, ?, 'starter', ?, ?, ?, ?, ?, ?::jsonb, ?, now() - ?::interval,"
                                + " now() - ?::interval, CASE WHEN ? = 'pending' THEN NULL ELSE now() END)")) {
            insert.setObject(1, id);
            insert.setObject(2, customerId);
            insert.setInt(3, directories.size());
            insert.setInt(4, priority);
            insert.setString(5, status);
            insert.setArray(6, connection.createArrayOf("text", directories.toArray()));
            insert.setArray(7, connection.createArrayOf("text", directories.toArray()));
            insert.setString(8, PROFILE);
            insert.setInt(9, directories.size());
            insert.setString(10, age);
            insert.setString(11, age);
            insert.setString(12, status);
            insert.executeUpdate();
        }
        return id;
    }

    /** A result row as the projector writes it, last changed {@code age} ago. */
    private static void insertResult(UUID jobId, String directoryId, String status, int attempt, String age)
            throws SQLException {
        world.execute(
                "INSERT INTO job_results (job_id, directory_id, status, attempt, worker_id, claimed_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, CASE WHEN ? = 'pending' THEN NULL ELSE 'worker-1' END,"
                        + " CASE WHEN ? = 'pending' THEN NULL ELSE now() - ?::interval END, now() - ?::interval)",
                jobId,
                directoryId,
                status,
                attempt,
                status,
                status,
                age,
                age);
    }

    private static Instant createdAt(UUID jobId) throws SQLException {
        try (Connection connection = world.database.connect();
                PreparedStatement query = connection.prepareStatement("SELECT created_at FROM jobs WHERE id = ?")) {
            query.setObject(1, jobId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getTimestamp(1).toInstant();
            }
        }
    }

    private static long queryLong(String sql, Object... parameters) throws SQLException {
        return world.queryLong(sql, parameters);
    }

    private static void sleepUntil(Instant instant) throws InterruptedException {
        long millis = Duration.between(Instant.now(), instant).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
