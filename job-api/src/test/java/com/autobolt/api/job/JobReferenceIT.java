package com.autobolt.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.api.support.Api;
import com.autobolt.api.support.SharedApiTestSupport;
import com.autobolt.api.support.TestKeys;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A job's externalRef (unique per customer, searchable) and metadata (a bounded JSON object). */
class JobReferenceIT extends SharedApiTestSupport {

    private static final String CATEGORY = "referencing";
    private static boolean catalogued;

    private UUID customer;

    @BeforeEach
    void catalogAndCustomer() {
        if (!catalogued) {
            insertDirectories(50, CATEGORY, 50);
            catalogued = true;
        }
        customer = createCustomer(CATEGORY);
    }

    @Test
    void shouldKeepReturnAndFindAJobByItsReferenceAndMetadata() {
        String reference = unique("order");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("channel", "storefront");
        metadata.put("lines", List.of(Map.of("sku", "PKG-50", "price", 49.5)));
        metadata.put("coupon", null);

        Api.Response created = create(customer, reference, metadata);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode job = created.json();
        assertThat(job.path("externalRef").asString()).isEqualTo(reference);
        assertThat(job.path("metadata").path("lines").get(0).path("sku").asString())
                .isEqualTo("PKG-50");
        assertThat(job.path("metadata").has("coupon")).isTrue();
        String id = job.path("id").asString();
        assertThat(api().get("/api/jobs/" + id, TestKeys.VIEWER).json()).isEqualTo(job);
        JsonNode found =
                api().get("/api/jobs?externalRef=" + reference, TestKeys.VIEWER).json();
        assertThat(found.path("items")).hasSize(1);
        assertThat(found.path("items").get(0).path("id").asString()).isEqualTo(id);
        assertThat(found.path("items").get(0).path("metadata").path("channel").asString())
                .isEqualTo("storefront");
        assertThat(api().get("/api/jobs?externalRef=" + reference + "&customerId=" + UUID.randomUUID(), TestKeys.VIEWER)
                        .json()
                        .path("items"))
                .isEmpty();
    }

    @Test
    void shouldRefuseASecondJobWithTheSameReferenceForTheSameCustomerOnly() {
        String reference = unique("order");
        String first = create(customer, reference, null).json().path("id").asString();
        int before = count("jobs");

        Api.Response again = create(customer, reference, null);
        Api.Response otherCustomer = create(createCustomer(CATEGORY), reference, null);

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.detail()).contains(first);
        assertThat(otherCustomer.status()).isEqualTo(201);
        assertThat(count("jobs")).isEqualTo(before + 1);
    }

    @Test
    void shouldRefuseWhatPostgresCouldNotStoreOrTheBoundsExceedAndStoreNothing() {
        int before = count("jobs");
        List<Object> refused = List.of(
                List.of("an", "array"),
                "text",
                Map.of("blob", "x".repeat(4_100)),
                Map.of("nul", "a\u0000b"),
                Map.of("a\u0000", 1),
                nested(17));

        for (int i = 0; i < refused.size(); i++) {
            Api.Response response = create(customer, null, refused.get(i));
            assertThat(response.status())
                    .as("metadata #%d: %s", i, response.body())
                    .isEqualTo(400);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(response.json().path("errors").get(0).path("field").asString())
                    .isEqualTo("metadata");
        }
        for (String number : List.of("1e999999", "-1e400")) {
            Api.Response response = api().post(
                            "/api/jobs",
                            TestKeys.STAFF,
                            "{\"customerId\":\"" + customer + "\",\"packageType\":\"starter\",\"metadata\":{\"n\":"
                                    + number + "}}");
            assertThat(response.status()).as(number).isEqualTo(400);
        }
        for (String reference : List.of("", "x".repeat(201), "order\n1", "order\u00001")) {
            assertThat(create(customer, reference, null).status()).as(reference).isEqualTo(400);
        }
        assertThat(count("jobs")).isEqualTo(before);
        assertThat(create(customer, null, nested(15)).status()).isEqualTo(201);
        assertThat(create(customer, null, Map.of("n", 1e300)).status()).isEqualTo(201);
    }

    @Test
    void shouldTreatTheSameMetadataInAnotherOrderAsTheSameRequestForIdempotency() {
        String key = unique("key");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customerId", customer);
        body.put("packageType", "starter");
        body.put("metadata", Map.of("a", 1, "b", 2));
        String reordered =
                "{\"customerId\":\"" + customer + "\",\"packageType\":\"starter\",\"metadata\":{\"b\":2,\"a\":1}}";

        Api.Response first = api().send("POST", "/api/jobs", TestKeys.STAFF, body, Map.of("Idempotency-Key", key));
        Api.Response replay =
                api().send("POST", "/api/jobs", TestKeys.STAFF, reordered, Map.of("Idempotency-Key", key));
        body.put("metadata", Map.of("a", 1, "b", 3));
        Api.Response different = api().send("POST", "/api/jobs", TestKeys.STAFF, body, Map.of("Idempotency-Key", key));

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().path("id")).isEqualTo(first.json().path("id"));
        assertThat(different.status()).isEqualTo(422);
    }

    private Api.Response create(UUID customerId, String externalRef, Object metadata) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customerId", customerId);
        body.put("packageType", "starter");
        if (externalRef != null) {
            body.put("externalRef", externalRef);
        }
        if (metadata != null) {
            body.put("metadata", metadata);
        }
        return api().post("/api/jobs", TestKeys.STAFF, body);
    }

    /** An object whose innermost member is {@code depth} levels down. */
    private static Map<String, Object> nested(int depth) {
        Map<String, Object> inner = Map.of("leaf", true);
        for (int level = 1; level < depth; level++) {
            inner = Map.of("level", inner);
        }
        return inner;
    }
}
