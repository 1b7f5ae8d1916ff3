package com.autobolt.api.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.api.support.Api;
import com.autobolt.api.support.Concurrently;
import com.autobolt.api.support.SharedApiTestSupport;
import com.autobolt.api.support.TestKeys;
import java.time.Year;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CustomerApiIT extends SharedApiTestSupport {

    @Test
    void shouldCreateACustomerWithAReferenceAndLocation() {
        Map<String, Object> request = aCustomer("plumbing");

        Api.Response created = api().post("/api/customers", TestKeys.STAFF, request);

        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        assertThat(created.header("Location"))
                .isEqualTo("/api/customers/" + body.path("id").asString());
        assertThat(body.path("reference").asString()).matches("DB-" + Year.now().getValue() + "-[0-9]{6,}");
        assertThat(body.path("businessName").asString()).isEqualTo(request.get("businessName"));
        assertThat(body.path("email").asString()).isEqualTo(request.get("email"));
        assertThat(body.path("packageType").asString()).isEqualTo("starter");
        assertThat(body.path("createdAt").asString()).isNotBlank();

        Api.Response read = api().get(created.header("Location"), TestKeys.VIEWER);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(body);
    }

    @Test
    void shouldGiveEachCustomerTheNextReference() {
        String first = api().post("/api/customers", TestKeys.STAFF, aCustomer("a"))
                .json()
                .path("reference")
                .asString();
        String second = api().post("/api/customers", TestKeys.STAFF, aCustomer("a"))
                .json()
                .path("reference")
                .asString();

        assertThat(sequenceOf(second)).isGreaterThan(sequenceOf(first));
    }

    @Test
    void shouldRefuseASecondCustomerWithTheSameEmailIgnoringCase() {
        Map<String, Object> first = aCustomer("plumbing");
        api().post("/api/customers", TestKeys.STAFF, first);
        Map<String, Object> second = aCustomer("bakery");
        second.put("email", first.get("email").toString().toUpperCase());
        int before = count("customers");

        Api.Response response = api().post("/api/customers", TestKeys.ADMIN, second);

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.detail()).contains("already exists");
        assertThat(count("customers")).isEqualTo(before);
    }

    @Test
    void shouldCreateOneOfConcurrentCustomersWithTheSameEmail() throws Exception {
        Map<String, Object> request = aCustomer("plumbing");

        List<Api.Response> responses = Concurrently.run(6, () -> api().post("/api/customers", TestKeys.STAFF, request));

        assertThat(responses).extracting(Api.Response::status).containsOnly(201, 409);
        assertThat(responses)
                .extracting(Api.Response::status)
                .filteredOn(s -> s == 201)
                .hasSize(1);
        assertThat(responses)
                .filteredOn(r -> r.status() == 409)
                .extracting(Api.Response::detail)
                .allMatch(detail -> detail.contains("already exists"));
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM customers WHERE email = ?", Integer.class, request.get("email")))
                .isEqualTo(1);
    }

    @Test
    void shouldAnswer404ForAnUnknownCustomer() {
        UUID unknown = UUID.randomUUID();

        Api.Response response = api().get("/api/customers/" + unknown, TestKeys.VIEWER);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.detail()).isEqualTo("no customer with id " + unknown);
    }

    @Test
    void shouldSearchByNameEmailAndReference() {
        Map<String, Object> request = aCustomer("plumbing");
        String marker = UUID.randomUUID().toString().substring(0, 8);
        request.put("businessName", "Zebra Crossing " + marker);
        JsonNode created = api().post("/api/customers", TestKeys.STAFF, request).json();
        String id = created.path("id").asString();

        assertThat(idsFound("zebra%20crossing%20" + marker.toUpperCase())).containsExactly(id);
        assertThat(idsFound(request.get("email").toString().substring(0, 12))).containsExactly(id);
        assertThat(idsFound(created.path("reference").asString())).containsExactly(id);
        assertThat(idsFound("%25" + marker)).isEmpty();
    }

    @Test
    void shouldPageTheSearch() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            Map<String, Object> request = aCustomer("plumbing");
            request.put("businessName", "Paged " + marker + " " + i);
            api().post("/api/customers", TestKeys.STAFF, request);
        }

        JsonNode page = api().get("/api/customers?q=" + marker + "&page=1&size=2", TestKeys.VIEWER)
                .json();

        assertThat(page.path("items").size()).isEqualTo(1);
        assertThat(page.path("page").asInt()).isEqualTo(1);
        assertThat(page.path("size").asInt()).isEqualTo(2);
        assertThat(page.path("totalItems").asInt()).isEqualTo(3);
        assertThat(page.path("totalPages").asInt()).isEqualTo(2);
    }

    @Test
    void shouldListAllCustomersWithoutASearch() {
        JsonNode created = api().post("/api/customers", TestKeys.STAFF, aCustomer("plumbing"))
                .json();

        Api.Response response = api().get("/api/customers?size=100", TestKeys.VIEWER);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("totalItems").asLong()).isPositive();
        assertThat(response.json().path("items").get(0).path("id").asString())
                .isEqualTo(created.path("id").asString());
    }

    private java.util.List<String> idsFound(String query) {
        Api.Response response = api().get("/api/customers?q=" + query, TestKeys.VIEWER);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        java.util.List<String> ids = new java.util.ArrayList<>();
        response.json().path("items").forEach(item -> ids.add(item.path("id").asString()));
        return ids;
    }

    private static long sequenceOf(String reference) {
        return Long.parseLong(reference.substring(reference.lastIndexOf('-') + 1));
    }
}
