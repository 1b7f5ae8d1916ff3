package com.autobolt.api.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.schemas.ChangeOperation;
import com.autobolt.schemas.DirectoryChanged;
import com.autobolt.schemas.JobChanged;
import com.autobolt.schemas.JobOrigin;
import com.autobolt.schemas.JobStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/** The change stream of one job-api instance on a real PostgreSQL and a real Kafka broker. */
class ChangeStreamIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static CdcTestSupport world;
    private static ConfigurableApplicationContext instance;
    private static ChangeTopicsReader reader;
    private static UUID customerId;

    @BeforeAll
    static void startJobApi() throws Exception {
        world = new CdcTestSupport();
        instance = world.startInstance(WebApplicationType.SERVLET);
        reader = world.reader();
        customerId = world.insertCustomer();
        await().atMost(WAIT)
                .until(() -> CdcTestSupport.statusOf(instance).state() == ChangeStreamStatus.State.STREAMING);
    }

    @AfterAll
    static void stopJobApi() throws Exception {
        reader.close();
        world.close();
    }

    @Test
    void shouldPublishACreatedJobKeyedByItsIdWithItsCommitPosition() throws Exception {
        UUID jobId = world.insertJob(customerId);

        List<JobChanged> events = awaitJobEvents(jobId, 1);

        JobChanged created = events.get(0);
        assertThat(created.op()).isEqualTo(ChangeOperation.CREATED);
        assertThat(created.before()).isNull();
        assertThat(created.after().status()).isEqualTo(JobStatus.PENDING);
        assertThat(created.after().customerId()).isEqualTo(customerId);
        assertThat(created.after().plannedDirectoryIds()).containsExactly("yelp-local", "city-guide");
        assertThat(created.after().profile().businessName()).isEqualTo("Harbor Bakery");
        assertThat(created.after().progress().total()).isEqualTo(2);
        assertThat(created.after().progress().pending()).isEqualTo(2);
        assertThat(created.source().lsn()).isPositive();
        assertThat(created.source().txId()).isPositive();
        assertThat(created.source().commitTimestamp())
                .isAfter(created.after().createdAt().minusSeconds(60));
    }

    @Test
    void shouldPublishARetryAsAnUpdateFromFailedToPendingWithTheNextAttempt() throws Exception {
        UUID jobId = world.insertJob(customerId);
        world.execute(
                "UPDATE jobs SET status = 'failed', completed_at = now(), version = version + 1 WHERE id = ?", jobId);
        world.execute(
                "UPDATE jobs SET status = 'pending', attempt = attempt + 1, completed_at = NULL,"
                        + " dispatch_directory_ids = ARRAY['city-guide'], version = version + 1 WHERE id = ?",
                jobId);

        List<JobChanged> events = awaitJobEvents(jobId, 3);

        JobChanged retry = events.get(2);
        assertThat(retry.op()).isEqualTo(ChangeOperation.UPDATED);
        assertThat(retry.before().status()).isEqualTo(JobStatus.FAILED);
        assertThat(retry.before().attempt()).isEqualTo(1);
        assertThat(retry.after().status()).isEqualTo(JobStatus.PENDING);
        assertThat(retry.after().attempt()).isEqualTo(2);
        assertThat(retry.after().dispatchDirectoryIds()).containsExactly("city-guide");
        assertThat(events).extracting(e -> e.source().lsn()).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void shouldSayWhereAnImportedJobCameFromAndWhenItsDispatchIsReleased() throws Exception {
        UUID jobId = world.insertJob(customerId);
        // What import-legacy writes for a held job, then what --resume changes.
        world.execute("UPDATE jobs SET origin = 'legacy-import', dispatch_held = true WHERE id = ?", jobId);
        world.execute("UPDATE jobs SET dispatch_held = false, version = version + 1 WHERE id = ?", jobId);

        List<JobChanged> events = awaitJobEvents(jobId, 3);

        assertThat(events.get(0).after().origin()).isEqualTo(JobOrigin.API);
        assertThat(events.get(0).after().dispatchHeld()).isFalse();
        assertThat(events.get(1).after().origin()).isEqualTo(JobOrigin.LEGACY_IMPORT);
        assertThat(events.get(1).after().dispatchHeld()).isTrue();
        JobChanged release = events.get(2);
        assertThat(release.before().dispatchHeld()).isTrue();
        assertThat(release.after().dispatchHeld()).isFalse();
        assertThat(release.after().origin()).isEqualTo(JobOrigin.LEGACY_IMPORT);
    }

    @Test
    void shouldPublishACancellationAsAnUpdateToCancelled() throws Exception {
        UUID jobId = world.insertJob(customerId);
        world.execute("UPDATE jobs SET status = 'cancelled', completed_at = now() WHERE id = ?", jobId);

        List<JobChanged> events = awaitJobEvents(jobId, 2);

        JobChanged cancel = events.get(1);
        assertThat(cancel.op()).isEqualTo(ChangeOperation.UPDATED);
        assertThat(cancel.before().status()).isEqualTo(JobStatus.PENDING);
        assertThat(cancel.after().status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancel.after().completedAt()).isNotNull();
    }

    @Test
    void shouldPublishDirectoryChangesKeyedByDirectoryId() throws Exception {
        String directoryId = "dir-" + UUID.randomUUID().toString().substring(0, 8);
        world.insertDirectory(directoryId);
        world.execute("UPDATE directories SET active = false WHERE id = ?", directoryId);

        List<DirectoryChanged> events =
                await().atMost(WAIT).until(() -> reader.directoryEvents(directoryId), e -> e.size() >= 2);

        assertThat(events.get(0).op()).isEqualTo(ChangeOperation.CREATED);
        assertThat(events.get(0).after().fieldMapping()).containsEntry("name", "business_name");
        assertThat(events.get(0).after().domainAuthority()).isEqualTo(42);
        assertThat(events.get(1).op()).isEqualTo(ChangeOperation.UPDATED);
        assertThat(events.get(1).before().active()).isTrue();
        assertThat(events.get(1).after().active()).isFalse();
    }

    @Test
    void shouldCarryAnUnchangedLargeDirectoryListInAnUpdateThatDoesNotTouchIt() throws Exception {
        List<String> planned = CdcTestSupport.directoryIds(500);
        UUID jobId = world.insertJob(customerId, planned, CdcTestSupport.PROFILE);
        world.execute("UPDATE jobs SET status = 'in_progress', started_at = now() WHERE id = ?", jobId);

        List<JobChanged> events = awaitJobEvents(jobId, 2);

        assertThat(world.queryLong("SELECT pg_column_size(planned_directory_ids) FROM jobs WHERE id = ?", jobId))
                .as("stored out of line, so PostgreSQL leaves it out of the update's new row")
                .isGreaterThan(2_000);
        JobChanged update = events.get(1);
        assertThat(update.after().status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(update.after().plannedDirectoryIds()).isEqualTo(planned);
        assertThat(update.after().dispatchDirectoryIds()).isEqualTo(planned);
        assertThat(update.before().plannedDirectoryIds()).isEqualTo(planned);
    }

    @Test
    void shouldSendAnUnmappableRowToTheDeadLetterTopicWithTheReasonAndKeepStreaming() throws Exception {
        // The database accepts any JSON object as a profile; the published contract requires a business name.
        UUID broken = world.insertJob(customerId, List.of("yelp-local"), "{\"email\": \"x@example.com\"}");
        UUID healthy = world.insertJob(customerId);

        List<ConsumerRecord<String, byte[]>> deadLetters =
                await().atMost(WAIT).until(() -> reader.deadLetters(broken.toString()), d -> !d.isEmpty());
        awaitJobEvents(healthy, 1);

        String reason = new String(
                deadLetters
                        .get(0)
                        .headers()
                        .lastHeader(com.autobolt.schemas.DeadLetterHeaders.REASON)
                        .value(),
                StandardCharsets.UTF_8);
        assertThat(reason).contains("businessName");
        assertThat(new String(deadLetters.get(0).value(), StandardCharsets.UTF_8))
                .contains(broken.toString());
        assertThat(reader.jobEvents(broken)).isEmpty();
    }

    @Test
    void shouldAdvanceTheReplicationSlotWhileTheStreamedTablesAreIdle() throws Exception {
        // Customers are not streamed: only heartbeats can move the slot past these writes.
        for (int i = 0; i < 20; i++) {
            world.insertCustomer();
        }
        long walAfterWrites = world.queryLong("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint");

        await().atMost(WAIT)
                .until(
                        () -> world.queryLong(
                                "SELECT pg_wal_lsn_diff(confirmed_flush_lsn, '0/0')::bigint FROM pg_replication_slots"
                                        + " WHERE slot_name = ?",
                                world.slotName),
                        confirmed -> confirmed >= walAfterWrites);
    }

    @Test
    void shouldReportTheStreamUpAsLeaderInActuatorHealth() throws Exception {
        String port = instance.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"changeStream\"").contains("\"role\":\"leader\"");
    }

    private static List<JobChanged> awaitJobEvents(UUID jobId, int count) {
        return await().atMost(WAIT).until(() -> reader.jobEvents(jobId), events -> events.size() >= count);
    }
}
