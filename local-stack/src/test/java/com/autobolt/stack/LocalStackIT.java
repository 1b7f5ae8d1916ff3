package com.autobolt.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The stack as {@code ./autobolt up} starts it (each service its own process, from the built jars),
 * with a temporary stack directory and free ports: a starter job runs to its end.
 */
class LocalStackIT {

    @TempDir
    Path stackDirectory;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void shouldRunAStarterJobToItsEndAndLeaveNoProcessOrPortBehind() {
        StackSettings settings = TestStacks.settings(stackDirectory);
        StackSettings.Ports ports = settings.ports();
        List<Long> pids;
        LocalStack stack = LocalStack.start(settings);
        try {
            pids = stack.servicePids();
            assertThat(pids)
                    .as("Kafka, the sandbox, job-api, the projector, two workers, the reference HTTP worker")
                    .hasSize(7);
            ApiClient staff = new ApiClient(stack.apiBaseUrl(), stack.keys().staff());
            assertThat(staff.get("/api/directories/demo-" + DemoCatalog.SIZE).status())
                    .isEqualTo(200);

            ApiClient.Answer customer = staff.post(
                    "/api/customers",
                    Map.of(
                            "businessName", "Stack Test Pizza",
                            "email", "owner@stack-test-pizza.example.com",
                            "website", "https://stack-test-pizza.example.com",
                            "city", "Austin",
                            "category", "restaurants",
                            "packageType", "starter"));
            assertThat(customer.status()).as("%s", customer.body()).isEqualTo(201);
            ApiClient.Answer job = staff.post(
                    "/api/jobs", Map.of("customerId", customer.body().get("id").asString(), "packageType", "starter"));
            assertThat(job.status()).as("%s", job.body()).isEqualTo(201);
            String jobPath = "/api/jobs/" + job.body().get("id").asString();

            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions()
                    .untilAsserted(() -> {
                        JsonNode progress = staff.get(jobPath).body();
                        assertThat(progress.get("progress").get("percent").asInt())
                                .as("%s", progress)
                                .isEqualTo(100);
                        assertThat(progress.get("status").asString()).isIn("complete", "failed");
                        assertThat(progress.get("progress").get("total").asInt())
                                .isEqualTo(50);
                    });
        } finally {
            stack.stop();
        }

        assertThat(pids)
                .allSatisfy(pid -> assertThat(ProcessHandle.of(pid)
                                .map(ProcessHandle::isAlive)
                                .orElse(false))
                        .as("process %d is still alive", pid)
                        .isFalse());
        ports.uses()
                .forEach(use -> assertThat(PortCheck.isFree(use.port()))
                        .as("port %d of %s is free", use.port(), use.service())
                        .isTrue());
    }
}
