package com.autobolt.api.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.api.support.Api;
import com.autobolt.api.support.ApiTestSupport;
import com.autobolt.api.support.TestKeys;
import com.autobolt.testinfra.TestInfrastructure;
import com.autobolt.testinfra.postgres.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

class StatsIT extends ApiTestSupport {

    private static final TestDatabase DATABASE = TestInfrastructure.postgres().createDatabase();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        configure(registry, DATABASE);
    }

    @Test
    void shouldCountJobsAndResultsPerStatusAndRateEachDirectory() {
        insertDirectories(50, "plumbing", 40);
        UUID customer = createCustomer("plumbing");
        UUID failed = createJob(customer, "starter");
        createJob(customer, "starter");
        UUID cancelled = createJob(customer, "starter");
        List<String> failedDirectories = failJob(failed, 2);
        api().post("/api/jobs/" + cancelled + "/cancel", TestKeys.STAFF, null);

        Api.Response response = api().get("/api/stats", TestKeys.VIEWER);

        assertThat(response.status()).isEqualTo(200);
        JsonNode stats = response.json();
        assertThat(stats.path("jobsByStatus"))
                .isEqualTo(Api.JSON.valueToTree(
                        Map.of("pending", 1, "in_progress", 0, "complete", 0, "failed", 1, "cancelled", 1)));
        assertThat(stats.path("resultsByStatus"))
                .isEqualTo(Api.JSON.valueToTree(
                        Map.of("pending", 0, "claimed", 0, "submitted", 48, "failed", 2, "skipped", 0)));
        JsonNode directories = stats.path("directories");
        assertThat(directories.size()).isEqualTo(50);
        for (JsonNode directory : directories) {
            boolean failedOne =
                    failedDirectories.contains(directory.path("directoryId").asString());
            assertThat(directory.path("successRate").asDouble()).isEqualTo(failedOne ? 0.0 : 1.0);
            assertThat(directory.path("name").asString()).isNotBlank();
        }
    }
}
