package com.autobolt.stack;

import static com.autobolt.stack.StackTestSupport.jobView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Directories that need a person, end to end on the shared stack: the demo catalog's login and captcha
 * directories are {@code external}, so the dispatcher routes their claims to the external topic, job-api's
 * lease service hands them to the stack's reference HTTP worker ({@code ./autobolt http-worker --auto}),
 * which submits them to sandbox sites that refuse a form without the person's login or captcha; their
 * results come back as ordinary result events. They end {@code submitted}, attributed to the HTTP worker,
 * beside the job-workers' ordinary directories, with the job's progress exact.
 */
@Order(TestStacks.SHARED_STACK_ORDER)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExternalWorkersIT {

    private LocalStack stack;
    private ApiClient staff;

    @BeforeAll
    void startTheStack() {
        stack = TestStacks.shared();
        staff = new ApiClient(stack.apiBaseUrl(), stack.keys().staff());
    }

    @Test
    void shouldHaveTheHttpWorkerSubmitTheDirectoriesThatNeedAPerson() throws Exception {
        // Multiples of 97 need a login, of 89 a captcha (DemoCatalog); none of these hangs or always fails.
        List<String> needPerson =
                List.of("demo-089", "demo-097", "demo-178", "demo-194", "demo-267", "demo-291", "demo-356", "demo-388");
        List<String> directoryIds = new ArrayList<>(needPerson);
        // Ordinary directories that neither hang nor wait a minimum interval (as HostileSitesIT picks them).
        IntStream.rangeClosed(1, 60)
                .filter(i -> i % 20 != 0)
                .mapToObj(i -> String.format("demo-%03d", i))
                .limit(50 - needPerson.size())
                .forEach(directoryIds::add);
        String job = StackTestSupport.createJob(staff, "Gated Bakery", "restaurants", "starter", directoryIds);

        JobView view = await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> jobView(staff, job), JobView::terminal);

        StackTestSupport.assertExactProgress(stack, job, view, directoryIds.size());
        JsonNode results = staff.get("/api/jobs/" + job + "/results").body();
        List<String> byHttpWorker = new ArrayList<>();
        for (JsonNode result : results.path("results")) {
            String directory = result.path("directoryId").asString();
            if (needPerson.contains(directory)) {
                assertThat(result.path("status").asString())
                        .as("%s: %s", directory, result)
                        .isEqualTo("submitted");
                assertThat(result.path("workerId").asString()).isEqualTo(DemoKeys.HTTP_WORKER_NAME);
                byHttpWorker.add(directory);
            } else {
                assertThat(result.path("workerId").asString())
                        .as("%s", directory)
                        .isNotEqualTo(DemoKeys.HTTP_WORKER_NAME);
            }
        }
        assertThat(byHttpWorker).containsExactlyInAnyOrderElementsOf(needPerson);
    }
}
