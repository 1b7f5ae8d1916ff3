package com.autobolt.stack;

import static com.autobolt.stack.StackTestSupport.assertExactProgress;
import static com.autobolt.stack.StackTestSupport.directoriesOf;
import static com.autobolt.stack.StackTestSupport.jobView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stack as {@code ./autobolt up} starts it (each service its own process, from the built jars, on
 * free ports) runs {@code ./autobolt demo}: the demo's jobs of every package end with exact progress.
 * Then the stack is stopped in the middle of a job, leaving no process or port behind, and started again
 * on the same data: Kafka kept its topics and offsets, so the job finishes with exact progress and the
 * change stream resumes instead of publishing a second snapshot. One stack for all of it saves a start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoIT {

    private static final String JOBS_TOPIC = "autobolt.public.jobs";

    @TempDir
    static Path stackDirectory;

    private StackSettings settings;
    private LocalStack stack;

    @BeforeAll
    void startTheStack() {
        settings = TestStacks.settings(stackDirectory);
        stack = LocalStack.start(settings);
    }

    @AfterAll
    void stopTheStack() {
        if (stack != null) {
            stack.stop();
        }
    }

    @Test
    @Order(1)
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void shouldRunTheDemoUntilEveryJobHasEndedWithExactProgress() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ApiClient staff = staff();
        assertThat(staff.get("/api/directories/demo-" + DemoCatalog.SIZE).status())
                .as("the demo catalog is seeded")
                .isEqualTo(200);
        Demo demo = new Demo(
                staff, new ProgressBoard(new PrintStream(output, true, StandardCharsets.UTF_8), false), Duration.ZERO);

        Demo.Result result = demo.run(Demo.PACKAGES, Duration.ofMinutes(12));

        String board = output.toString(StandardCharsets.UTF_8);
        String summary = DemoSummary.of(result);
        System.out.println(board + summary);
        assertThat(result.jobs()).extracting(DemoJob::packageType).containsExactlyElementsOf(Demo.PACKAGES);
        for (DemoJob job : result.jobs()) {
            JobView end = result.finals().get(job.id());
            assertExactProgress(stack, job.id(), end, directoriesOf(job.packageType()));
            assertThat(jobView(staff, job.id())).isEqualTo(end);
        }
        assertThat(board).doesNotContain("\u001b[").contains("4 of 4 jobs finished");
        assertThat(summary).contains("total (4 jobs)").contains("Lakeside Bakery");
    }

    @Test
    @Order(2)
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void shouldFinishAJobStoppedInTheMiddleAfterARestartWithoutASecondSnapshot() throws Exception {
        String jobId = new Demo(staff(), new ProgressBoard(System.out, false), Duration.ZERO)
                .create(List.of("enterprise"))
                .get(0)
                .id();
        JobView atStop = awaitJob(jobId, view -> view.done() >= 20, Duration.ofMinutes(5));
        int snapshotsBefore = count(jobOperations(stack.kafkaClientProperties()), "snapshot");
        List<Long> pids = stack.servicePids();
        assertThat(pids)
                .as("Kafka, the sandbox, job-api, the projector, two workers, the reference HTTP worker")
                .hasSize(7);
        stack.stop();
        assertThat(atStop.terminal()).as("stopped in the middle: %s", atStop).isFalse();
        assertThat(pids)
                .allSatisfy(pid -> assertThat(ProcessHandle.of(pid)
                                .map(ProcessHandle::isAlive)
                                .orElse(false))
                        .as("process %d is still alive", pid)
                        .isFalse());
        settings.ports()
                .uses()
                .forEach(use -> assertThat(PortCheck.isFree(use.port()))
                        .as("port %d of %s is free", use.port(), use.service())
                        .isTrue());
        String clusterId = clusterId();

        stack = LocalStack.start(settings);
        JobView end = awaitJob(jobId, JobView::terminal, Duration.ofMinutes(8));

        System.out.println("stopped at " + atStop + ", ended after the restart as " + end);
        assertExactProgress(stack, jobId, end, 500);
        assertThat(end.done()).isGreaterThan(atStop.done());
        assertThat(clusterId()).isEqualTo(clusterId);
        List<String> operations = jobOperations(stack.kafkaClientProperties());
        assertThat(operations)
                .as("the jobs topic kept the first start's events")
                .contains("created");
        assertThat(count(operations, "snapshot"))
                .as("no second snapshot: the change stream resumed from its offsets")
                .isEqualTo(snapshotsBefore);
    }

    private ApiClient staff() {
        return new ApiClient(stack.apiBaseUrl(), stack.keys().staff());
    }

    private JobView awaitJob(String jobId, Predicate<JobView> condition, Duration timeout) {
        ApiClient staff = staff();
        AtomicReference<JobView> seen = new AtomicReference<>();
        await().atMost(timeout)
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> {
                    seen.set(jobView(staff, jobId));
                    return condition.test(seen.get());
                });
        return seen.get();
    }

    private static int count(List<String> operations, String operation) {
        return (int) operations.stream().filter(operation::equals).count();
    }

    /** The {@code op} of every event in the jobs topic, read from the beginning. */
    private static List<String> jobOperations(Map<String, Object> kafkaClient) {
        JsonMapper json = JsonMapper.builder().build();
        List<String> operations = new ArrayList<>();
        StackTestSupport.readToEnd(kafkaClient, JOBS_TOPIC, event -> {
            if (event.value() != null) {
                operations.add(json.readTree(event.value()).get("op").asString());
            }
        });
        return operations;
    }

    private static String clusterId() throws IOException {
        Properties meta = new Properties();
        try (Reader reader = Files.newBufferedReader(stackDirectory.resolve("data/kafka/meta.properties"))) {
            meta.load(reader);
        }
        return meta.getProperty("cluster.id");
    }
}
