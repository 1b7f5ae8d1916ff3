package com.autobolt.stack;

import static com.autobolt.stack.StackTestSupport.assertExactProgress;
import static com.autobolt.stack.StackTestSupport.jobView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.autobolt.sandbox.Hostility;
import com.autobolt.schemas.Topics;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The whole stack against hostile directory sites: the hostile demo directories are activated through
 * the API, one job submits to every one of them beside ordinary directories, two ordinary jobs run
 * beside it. Every job ends with exact progress; the hostile sites' results are {@code failed} or
 * {@code submitted} with clean, bounded fields in PostgreSQL; nothing of these jobs is dead-lettered
 * (the worker makes every result valid); no service's health is ever anything but UP meanwhile.
 * Runs on the shared stack ({@link TestStacks#shared()}; its logs stay in {@code target/shared-stack}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@Order(TestStacks.SHARED_STACK_LAST)
class HostileSitesIT {

    /** C0 control characters other than tab, line feed and carriage return, and DEL. */
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");
    /**
     * A control character (other than \t, \n, \r, which jsonb writes as such) escaped in jsonb's text:
     * a backslash-u escape after an even number of backslashes. After an odd number it is the text a
     * site sent (a JSON escape such as the six characters backslash, u, 0, 0, 0, 0), which is harmless.
     */
    private static final Pattern ESCAPED_CONTROL =
            Pattern.compile("(?<!\\\\)(?:\\\\\\\\)*\\\\u(?:00[01][0-9a-fA-F]|007[fF])");

    private StackSettings settings;
    private LocalStack stack;
    private ApiClient staff;

    @BeforeAll
    void startTheStack() {
        stack = TestStacks.shared();
        settings = stack.settings();
        staff = new ApiClient(stack.apiBaseUrl(), stack.keys().staff());
    }

    @Test
    void shouldEndEveryJobWithExactProgressAndCleanResultsWhileEveryServiceStaysUp() throws Exception {
        List<Hostility> hostilities = Arrays.asList(Hostility.values());
        StackTestSupport.activateHostileDirectories(stack, hostilities);
        Map<String, List<String>> healthSeen = new ConcurrentHashMap<>();
        ScheduledExecutorService healthPoller = Executors.newSingleThreadScheduledExecutor();
        healthPoller.scheduleWithFixedDelay(() -> pollHealth(healthSeen), 0, 500, TimeUnit.MILLISECONDS);
        long started = System.nanoTime();
        try {
            List<String> hostileIds =
                    hostilities.stream().map(DemoCatalog::hostileId).toList();
            List<String> directoryIds = new ArrayList<>(hostileIds);
            // Ordinary directories that neither hang nor wait a minimum interval, to fill the package.
            IntStream.rangeClosed(1, 60)
                    .filter(i -> i % 20 != 0)
                    .mapToObj(i -> String.format("demo-%03d", i))
                    .limit(50 - hostileIds.size())
                    .forEach(directoryIds::add);
            String hostileJob =
                    StackTestSupport.createJob(staff, "Hostile Sites Test", "retail", "starter", directoryIds);
            String ordinary1 = StackTestSupport.createJob(staff, "Ordinary Bakery", "restaurants", "starter", null);
            String ordinary2 = StackTestSupport.createJob(staff, "Ordinary Law Firm", "legal", "starter", null);
            List<String> jobs = List.of(hostileJob, ordinary1, ordinary2);

            Map<String, JobView> ends = new LinkedHashMap<>();
            await().atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions()
                    .untilAsserted(() -> {
                        for (String job : jobs) {
                            ends.put(job, jobView(staff, job));
                        }
                        assertThat(ends.values())
                                .as("the jobs (hostile, ordinary, ordinary): %s", ends)
                                .allMatch(JobView::terminal);
                    });
            System.out.printf(
                    "hostile sites: every job ended %d s after activation: %s%n",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), ends);

            for (String job : jobs) {
                assertExactProgress(stack, job, ends.get(job), 50);
            }
            Map<String, Map<String, String>> hostileRows = rows(hostileJob);
            assertThat(hostileRows.keySet()).containsAll(hostileIds);
            hostileIds.forEach(id -> assertClean(id, hostileRows.get(id)));
            hostileRows.forEach(this::assertClean);
            for (String job : List.of(ordinary1, ordinary2)) {
                assertThat(rows(job).keySet())
                        .as("an inactive-by-default hostile directory is planned for nobody")
                        .noneMatch(id -> id.startsWith("hostile-"));
            }
            assertThat(deadLettered(Set.copyOf(jobs)))
                    .as("results of these jobs that the projector dead-lettered")
                    .isEmpty();
        } finally {
            // shutdown, not shutdownNow: interrupting a poll in flight would record the test's own
            // interruption as a service's health (seen once in CI). A poll takes at most 5 s per service.
            healthPoller.shutdown();
            healthPoller.awaitTermination(30, TimeUnit.SECONDS);
        }
        assertThat(healthSeen)
                .as("health of every service, polled every 500 ms during the run")
                .containsOnlyKeys(StackTestSupport.healthPorts(settings).keySet())
                .allSatisfy(
                        (service, statuses) -> assertThat(statuses).as(service).containsOnly("UP"));
    }

    /** The job's result rows by directory, their text columns as PostgreSQL holds them. */
    private Map<String, Map<String, String>> rows(String jobId) throws Exception {
        Map<String, Map<String, String>> rows = new TreeMap<>();
        try (Connection connection = stack.connectDatabase();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT directory_id, status, listing_url, error_code, error_message, evidence::text AS evidence"
                                + " FROM job_results WHERE job_id = ?")) {
            query.setObject(1, UUID.fromString(jobId));
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (String column : List.of("status", "listing_url", "error_code", "error_message", "evidence")) {
                        row.put(column, result.getString(column));
                    }
                    rows.put(result.getString("directory_id"), row);
                }
            }
        }
        return rows;
    }

    private void assertClean(String directoryId, Map<String, String> row) {
        assertThat(row).as("result of %s", directoryId).isNotNull();
        String what = directoryId + ": " + row;
        assertThat(row.get("status")).as(what).isIn("submitted", "failed");
        for (String column : List.of("listing_url", "error_code", "error_message", "evidence")) {
            String value = row.get(column);
            if (value != null) {
                assertThat(CONTROL.matcher(value).find())
                        .as("%s holds a control character: %s", column, what)
                        .isFalse();
            }
        }
        String evidence = row.get("evidence");
        if (evidence != null) {
            assertThat(ESCAPED_CONTROL.matcher(evidence).find())
                    .as("evidence holds an escaped control character: %s", what)
                    .isFalse();
        }
        String listingUrl = row.get("listing_url");
        if (listingUrl != null) {
            assertThat(listingUrl).as(what).hasSizeLessThanOrEqualTo(2048).matches("(?i)https?://.+");
            assertThat(URI.create(listingUrl).isAbsolute()).as(what).isTrue();
        }
        if (row.get("error_message") != null) {
            assertThat(row.get("error_message")).as(what).hasSizeLessThanOrEqualTo(2000);
        }
    }

    /** Records each service's health status, or how asking for it failed. */
    private void pollHealth(Map<String, List<String>> seen) {
        StackTestSupport.healthPorts(settings).forEach((service, port) -> {
            String status = StackTestSupport.healthStatus(port);
            List<String> statuses = seen.computeIfAbsent(service, s -> new CopyOnWriteArrayList<>());
            if (statuses.isEmpty() || !statuses.get(statuses.size() - 1).equals(status)) {
                statuses.add(status);
            }
        });
    }

    /** The records of the results' dead-letter topic that belong to the given jobs (keyed by job id). */
    private List<String> deadLettered(Set<String> jobIds) {
        List<String> found = new ArrayList<>();
        StackTestSupport.readToEnd(
                stack.kafkaClientProperties(), Topics.deadLetterOf(Topics.DIRECTORY_RESULTS), record -> {
                    if (record.key() != null && jobIds.contains(record.key())) {
                        String value = String.valueOf(record.value());
                        found.add(value.substring(0, Math.min(500, value.length())));
                    }
                });
        return found;
    }
}
