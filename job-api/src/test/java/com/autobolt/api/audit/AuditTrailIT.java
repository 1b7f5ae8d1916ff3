package com.autobolt.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.api.support.Api;
import com.autobolt.api.support.SharedApiTestSupport;
import com.autobolt.api.support.TestKeys;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every write through the API leaves who, what, when and the request's id; a refused one leaves nothing. */
class AuditTrailIT extends SharedApiTestSupport {

    private static final String CATEGORY = "auditing";
    private static boolean catalogued;

    @BeforeEach
    void catalog() {
        if (!catalogued) {
            insertDirectories(50, CATEGORY, 50);
            catalogued = true;
        }
    }

    @Test
    void shouldRecordAJobsCreationRetryAndTheirCallersAndRequests() {
        UUID customer = createCustomer(CATEGORY);
        Api.Response created = api().send(
                        "POST",
                        "/api/jobs",
                        TestKeys.STAFF,
                        Map.of("customerId", customer, "packageType", "starter", "externalRef", unique("order")),
                        Map.of("X-Request-Id", "storefront-req-42"));
        UUID job = UUID.fromString(created.json().path("id").asString());
        List<String> failed = failJob(job, 2);
        Api.Response retried = api().post("/api/jobs/" + job + "/retry", TestKeys.ADMIN, null);

        Api.Response history = api().get("/api/jobs/" + job + "/history", TestKeys.VIEWER);

        assertThat(created.header("X-Request-Id")).isEqualTo("storefront-req-42");
        assertThat(retried.status()).isEqualTo(202);
        assertThat(history.status()).isEqualTo(200);
        JsonNode entries = history.json();
        assertThat(entries.size()).isEqualTo(2);
        JsonNode creation = entries.get(0);
        assertThat(creation.path("action").asString()).isEqualTo("job.created");
        assertThat(creation.path("actor").asString()).isEqualTo("staff-1");
        assertThat(creation.path("actorRole").asString()).isEqualTo("staff");
        assertThat(creation.path("requestId").asString()).isEqualTo("storefront-req-42");
        assertThat(creation.path("details").path("directories").asInt()).isEqualTo(50);
        assertThat(creation.path("at").asString()).isNotBlank();
        JsonNode retry = entries.get(1);
        assertThat(retry.path("action").asString()).isEqualTo("job.retried");
        assertThat(retry.path("actor").asString()).isEqualTo("admin-1");
        assertThat(retry.path("requestId").asString()).isEqualTo(retried.header("X-Request-Id"));
        assertThat(retry.path("details").path("attempt").asInt()).isEqualTo(2);
        assertThat(retry.path("details").path("directories").toString()).isEqualTo(toJsonArray(failed));
        assertThat(history.body()).doesNotContain(TestKeys.STAFF, TestKeys.ADMIN);
    }

    @Test
    void shouldRecordACustomersCreationAndEditsNamingTheChangedFields() {
        Map<String, Object> request = aCustomer(CATEGORY);
        String location = api().post("/api/customers", TestKeys.STAFF, request).header("Location");
        api().send(
                        "PATCH",
                        location,
                        TestKeys.STAFF,
                        Map.of("city", "Ogdenville", "zip", "12345"),
                        Map.of("If-Match", "\"0\""));
        api().send("PATCH", location, TestKeys.STAFF, Map.of("city", "Ogdenville"), Map.of("If-Match", "\"1\""));

        JsonNode entries = api().get(location + "/history", TestKeys.VIEWER).json();

        assertThat(entries.size()).isEqualTo(2);
        assertThat(entries.get(0).path("action").asString()).isEqualTo("customer.created");
        assertThat(entries.get(1).path("action").asString()).isEqualTo("customer.edited");
        assertThat(entries.get(1).path("details").path("fields").toString()).isEqualTo("[\"city\",\"zip\"]");
        assertThat(entries.toString()).doesNotContain(request.get("email").toString());
    }

    @Test
    void shouldRecordNothingForARefusedWriteAndReplaceAHostileRequestId() {
        UUID customer = createCustomer(CATEGORY);
        int before = count("audit_log");

        Api.Response refused = api().send(
                        "POST",
                        "/api/jobs",
                        TestKeys.STAFF,
                        Map.of("customerId", customer, "packageType", "starter", "metadata", List.of(1)),
                        Map.of("X-Request-Id", "x".repeat(65)));
        Api.Response forbidden = api().post("/api/jobs/" + UUID.randomUUID() + "/cancel", TestKeys.VIEWER, null);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("X-Request-Id")).hasSize(36).doesNotContain("xxx");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.header("X-Request-Id")).isNotBlank();
        assertThat(count("audit_log")).isEqualTo(before);
        assertThat(api().get("/api/jobs/" + UUID.randomUUID() + "/history", TestKeys.VIEWER)
                        .status())
                .isEqualTo(404);
    }

    private static String toJsonArray(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }
}
