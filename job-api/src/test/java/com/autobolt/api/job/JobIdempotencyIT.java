package com.autobolt.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.api.support.Api;
import com.autobolt.api.support.Concurrently;
import com.autobolt.api.support.SharedApiTestSupport;
import com.autobolt.api.support.TestKeys;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A storefront retrying a timed-out POST /api/jobs must never create two jobs. */
class JobIdempotencyIT extends SharedApiTestSupport {

    private static boolean seeded;
    private UUID customer;

    @BeforeEach
    void catalogAndCustomer() {
        if (!seeded) {
            insertDirectories(60, "plumbing", 40);
            seeded = true;
        }
        customer = createCustomer("plumbing");
    }

    @Test
    void shouldReturnTheOriginalJobForTheSameKeyAndBody() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> request = Map.of("customerId", customer, "packageType", "starter");

        Api.Response first = create(key, request);
        Api.Response second = create(key, Map.of("packageType", "starter", "customerId", customer, "priority", 3));

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.json().path("id")).isEqualTo(first.json().path("id"));
        assertThat(jobsOfCustomer()).isEqualTo(1);
    }

    @Test
    void shouldRefuseTheSameKeyWithAnotherBody() {
        String key = UUID.randomUUID().toString();
        Api.Response first = create(key, Map.of("customerId", customer, "packageType", "starter"));

        Api.Response other = create(key, Map.of("customerId", customer, "packageType", "starter", "priority", 1));

        assertThat(other.status()).isEqualTo(422);
        assertThat(other.header("Content-Type")).startsWith("application/problem+json");
        assertThat(other.detail())
                .contains("already used with a different request body")
                .contains(first.json().path("id").asString());
        assertThat(jobsOfCustomer()).isEqualTo(1);
    }

    @Test
    void shouldCreateOneJobForConcurrentDuplicates() throws Exception {
        String key = UUID.randomUUID().toString();
        Map<String, Object> request = Map.of("customerId", customer, "packageType", "starter");

        List<Api.Response> responses = Concurrently.run(8, () -> create(key, request));

        assertThat(responses).extracting(Api.Response::status).containsOnly(200, 201);
        assertThat(responses)
                .extracting(Api.Response::status)
                .filteredOn(s -> s == 201)
                .hasSize(1);
        assertThat(responses)
                .extracting(r -> r.json().path("id").asString())
                .containsOnly(responses.get(0).json().path("id").asString());
        assertThat(jobsOfCustomer()).isEqualTo(1);
    }

    @Test
    void shouldCreateSeparateJobsForDistinctKeysOrNoKey() {
        Map<String, Object> request = Map.of("customerId", customer, "packageType", "starter");

        create(UUID.randomUUID().toString(), request);
        create(UUID.randomUUID().toString(), request);
        api().post("/api/jobs", TestKeys.STAFF, request);
        api().post("/api/jobs", TestKeys.STAFF, request);

        assertThat(jobsOfCustomer()).isEqualTo(4);
    }

    @Test
    void shouldNotRememberAKeyWhoseRequestFailed() {
        String key = UUID.randomUUID().toString();

        Api.Response refused = create(key, Map.of("customerId", UUID.randomUUID(), "packageType", "starter"));
        Api.Response accepted = create(key, Map.of("customerId", customer, "packageType", "starter"));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(accepted.status()).isEqualTo(201);
    }

    private Api.Response create(String key, Map<String, Object> request) {
        return api().send("POST", "/api/jobs", TestKeys.STAFF, request, Map.of("Idempotency-Key", key));
    }

    private int jobsOfCustomer() {
        return jdbc.queryForObject("SELECT count(*) FROM jobs WHERE customer_id = ?", Integer.class, customer);
    }
}
