package com.autobolt.api.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.api.support.Api;
import com.autobolt.api.support.Concurrently;
import com.autobolt.api.support.SharedApiTestSupport;
import com.autobolt.api.support.TestKeys;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** PATCH /api/customers/{id}: a merge patch, guarded by If-Match, checked like a new customer. */
class CustomerEditIT extends SharedApiTestSupport {

    @Test
    void shouldEditTheGivenFieldsClearANulledOneAndMoveTheETag() {
        Api.Response created = api().post("/api/customers", TestKeys.STAFF, aCustomer("plumbing"));
        String location = created.header("Location");
        assertThat(created.header("ETag")).isEqualTo("\"0\"");
        Map<String, Object> patch = new HashMap<>();
        patch.put("businessName", "Acme Plumbing & Heating");
        patch.put("phone", null);

        Api.Response edited = patch(location, TestKeys.STAFF, "\"0\"", patch);

        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.header("ETag")).isEqualTo("\"1\"");
        JsonNode body = edited.json();
        assertThat(body.path("businessName").asString()).isEqualTo("Acme Plumbing & Heating");
        assertThat(body.path("phone").isNull()).isTrue();
        assertThat(body.path("city").asString()).isEqualTo("Springfield");
        assertThat(body.path("email").asString())
                .isEqualTo(created.json().path("email").asString());
        assertThat(body.path("version").asLong()).isEqualTo(1);
        assertThat(body.path("createdAt")).isEqualTo(created.json().path("createdAt"));
        assertThat(body.path("updatedAt").asString())
                .isGreaterThan(created.json().path("updatedAt").asString());
        Api.Response read = api().get(location, TestKeys.VIEWER);
        assertThat(read.json()).isEqualTo(body);
        assertThat(read.header("ETag")).isEqualTo("\"1\"");
    }

    @Test
    void shouldKeepTheVersionWhenAnEditChangesNothing() {
        Api.Response created = api().post("/api/customers", TestKeys.STAFF, aCustomer("plumbing"));

        Api.Response edited = patch(created.header("Location"), TestKeys.ADMIN, "\"0\"", Map.of("city", "Springfield"));

        assertThat(edited.status()).isEqualTo(200);
        assertThat(edited.header("ETag")).isEqualTo("\"0\"");
        assertThat(edited.json().path("updatedAt")).isEqualTo(created.json().path("updatedAt"));
    }

    @Test
    void shouldRequireIfMatchAndRefuseAStaleOrForeignOneChangingNothing() {
        Api.Response created = api().post("/api/customers", TestKeys.STAFF, aCustomer("plumbing"));
        String location = created.header("Location");
        assertThat(patch(location, TestKeys.STAFF, "\"0\"", Map.of("city", "Shelbyville"))
                        .status())
                .isEqualTo(200);

        Api.Response missing = patch(location, TestKeys.STAFF, null, Map.of("city", "Ogdenville"));
        Api.Response stale = patch(location, TestKeys.STAFF, "\"0\"", Map.of("city", "Ogdenville"));

        assertThat(missing.status()).isEqualTo(428);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
        assertThat(missing.json().path("type").asString()).endsWith("/precondition-required");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json().path("type").asString()).endsWith("/precondition-failed");
        assertThat(stale.detail()).contains("\"0\"").contains("\"1\"");
        for (String foreign : List.of("W/\"1\"", "*", "1", "\"1\", \"2\"", "\"" + "9".repeat(40) + "\"")) {
            assertThat(patch(location, TestKeys.STAFF, foreign, Map.of("city", "Ogdenville"))
                            .status())
                    .as(foreign)
                    .isEqualTo(412);
        }
        assertThat(api().get(location, TestKeys.VIEWER).json().path("city").asString())
                .isEqualTo("Shelbyville");
    }

    @Test
    void shouldRefuseInvalidEditsNamingEachFieldAndChangeNothing() {
        Api.Response created = api().post("/api/customers", TestKeys.STAFF, aCustomer("plumbing"));
        String location = created.header("Location");
        Map<String, Object> patch = new HashMap<>();
        patch.put("businessName", null);
        patch.put("email", "not-an-email");
        patch.put("zip", "1".repeat(21));
        patch.put("website", "javascript:alert(1)");
        patch.put("reference", "DB-2020-000001");
        patch.put("x".repeat(10_000), "y");
        patch.put("city", 42);

        Api.Response refused = patch(location, TestKeys.STAFF, "\"0\"", patch);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().path("errors").findValuesAsString("field"))
                .contains("reference", "city")
                .anyMatch(field -> field.startsWith("xxxx") && field.length() < 100);
        assertThat(refused.body().length()).isLessThan(2_000);

        patch.remove("reference");
        patch.remove("x".repeat(10_000));
        patch.remove("city");
        Api.Response invalid = patch(location, TestKeys.STAFF, "\"0\"", patch);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().path("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("businessName", "email", "website", "zip");

        Api.Response badPackage = patch(location, TestKeys.STAFF, "\"0\"", Map.of("packageType", "platinum"));
        assertThat(badPackage.status()).isEqualTo(400);
        assertThat(badPackage.detail()).contains("starter");
        for (String body : List.of("[]", "\"text\"", "null", "{\"city\":")) {
            Api.Response notAnObject = api().send("PATCH", location, TestKeys.STAFF, body, Map.of("If-Match", "\"0\""));
            assertThat(notAnObject.status()).as(body).isEqualTo(400);
        }
        Api.Response read = api().get(location, TestKeys.VIEWER);
        assertThat(read.json()).isEqualTo(created.json());
    }

    @Test
    void shouldKeepEmailsUniqueIgnoringCase() {
        Map<String, Object> other = aCustomer("plumbing");
        api().post("/api/customers", TestKeys.STAFF, other);
        Api.Response created = api().post("/api/customers", TestKeys.STAFF, aCustomer("plumbing"));
        String location = created.header("Location");

        Api.Response taken = patch(
                location,
                TestKeys.STAFF,
                "\"0\"",
                Map.of("email", other.get("email").toString().toUpperCase()));
        Api.Response ownInCapitals = patch(
                location,
                TestKeys.STAFF,
                "\"0\"",
                Map.of("email", created.json().path("email").asString().toUpperCase()));

        assertThat(taken.status()).isEqualTo(409);
        assertThat(ownInCapitals.status()).as(ownInCapitals.body()).isEqualTo(200);
    }

    @Test
    void shouldLetOneOfConcurrentEditsOfTheSameVersionWin() throws Exception {
        String location = api().post("/api/customers", TestKeys.STAFF, aCustomer("plumbing"))
                .header("Location");

        List<Api.Response> responses = Concurrently.run(
                6, () -> patch(location, TestKeys.STAFF, "\"0\"", Map.of("description", "edit " + UUID.randomUUID())));

        assertThat(responses).extracting(Api.Response::status).containsOnly(200, 412);
        assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(1);
        String winner = responses.stream()
                .filter(r -> r.status() == 200)
                .findFirst()
                .orElseThrow()
                .json()
                .path("description")
                .asString();
        Api.Response read = api().get(location, TestKeys.VIEWER);
        assertThat(read.json().path("description").asString()).isEqualTo(winner);
        assertThat(read.header("ETag")).isEqualTo("\"1\"");
    }

    @Test
    void shouldLeaveCreatedJobsWithTheirProfileAndGiveLaterJobsTheEditedOne() {
        insertDirectories(50, "locksmith", 50);
        UUID customer = createCustomer("locksmith");
        UUID before = createJob(customer, "starter");

        Api.Response edited =
                patch("/api/customers/" + customer, TestKeys.STAFF, "\"0\"", Map.of("businessName", "Renamed Locks"));
        UUID after = createJob(customer, "starter");

        assertThat(edited.status()).isEqualTo(200);
        assertThat(profileName(before)).isNotEqualTo("Renamed Locks");
        assertThat(profileName(after)).isEqualTo("Renamed Locks");
    }

    private String profileName(UUID job) {
        return jdbc.queryForObject(
                "SELECT business_profile ->> 'businessName' FROM jobs WHERE id = ?", String.class, job);
    }

    private Api.Response patch(String location, String key, String ifMatch, Map<String, Object> patch) {
        Map<String, String> headers = ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch);
        return api().send("PATCH", location, key, patch, headers);
    }
}
