package com.autobolt.api.error;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.api.support.Api;
import com.autobolt.api.support.SharedApiTestSupport;
import com.autobolt.api.support.TestKeys;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Each kind of bad input: a 4xx problem with a useful detail, and nothing stored. */
class BadInputIT extends SharedApiTestSupport {

    private static boolean seeded;
    private UUID customer;
    private int customers;
    private int jobs;
    private int directories;

    @BeforeEach
    void rememberWhatIsStored() {
        if (!seeded) {
            insertDirectories(50, "plumbing", 30);
            seeded = true;
        }
        customer = createCustomer("plumbing");
        customers = count("customers");
        jobs = count("jobs");
        directories = count("directories");
    }

    @AfterEach
    void nothingWasStored() {
        assertThat(count("customers")).isEqualTo(customers);
        assertThat(count("jobs")).isEqualTo(jobs);
        assertThat(count("directories")).isEqualTo(directories);
    }

    @Test
    void shouldRefuseMalformedJson() {
        Api.Response response = api().post("/api/customers", TestKeys.STAFF, "{\"businessName\": \"Acme\", ");

        assertProblem(response, 400);
        assertThat(response.detail()).startsWith("malformed JSON");
    }

    @Test
    void shouldRefuseAMissingBody() {
        Api.Response response =
                api().send("POST", "/api/jobs", TestKeys.STAFF, null, Map.of("Content-Type", "application/json"));

        assertProblem(response, 400);
        assertThat(response.detail()).contains("missing");
    }

    @Test
    void shouldRefuseAnotherContentType() {
        Api.Response response =
                api().send("POST", "/api/customers", TestKeys.STAFF, null, Map.of("Content-Type", "text/plain"));

        assertProblem(response, 415);
    }

    @Test
    void shouldRefuseAWrongTypeNamingTheField() {
        Api.Response priority = api().post(
                        "/api/jobs",
                        TestKeys.STAFF,
                        Map.of("customerId", customer, "packageType", "starter", "priority", "high"));
        Api.Response customerId =
                api().post("/api/jobs", TestKeys.STAFF, Map.of("customerId", 12, "packageType", "starter"));
        Api.Response list = api().post(
                        "/api/jobs",
                        TestKeys.STAFF,
                        Map.of("customerId", customer, "packageType", "starter", "directoryIds", "dir-a"));

        assertProblem(priority, 400);
        assertThat(fieldErrors(priority)).containsKey("priority");
        assertThat(priority.detail()).contains("'priority'").contains("integer");
        assertProblem(customerId, 400);
        assertThat(fieldErrors(customerId)).containsKey("customerId");
        assertProblem(list, 400);
        assertThat(fieldErrors(list)).containsKey("directoryIds");
    }

    @Test
    void shouldListTheValidValuesOfAnUnknownEnumValue() {
        Api.Response job =
                api().post("/api/jobs", TestKeys.STAFF, Map.of("customerId", customer, "packageType", "platinum"));
        Map<String, Object> directory = aDirectory("plumbing", 10);
        directory.put("submissionMethod", "carrier-pigeon");
        Api.Response catalog = api().post("/api/directories", TestKeys.ADMIN, directory);
        Api.Response query = api().get("/api/jobs?status=done", TestKeys.VIEWER);

        assertProblem(job, 400);
        assertThat(job.detail()).contains("'packageType'").contains("starter, growth, professional, enterprise");
        assertThat(fieldErrors(job)).containsKey("packageType");
        assertProblem(catalog, 400);
        assertThat(catalog.detail()).contains("form, json");
        assertProblem(query, 400);
        assertThat(query.detail()).contains("pending, in_progress, complete, failed, cancelled");
    }

    @Test
    void shouldRefuseOverLongStringsListingEachField() {
        Map<String, Object> customer = aCustomer("plumbing");
        customer.put("businessName", "x".repeat(201));
        customer.put("description", "y".repeat(5001));
        customer.put("zip", "1".repeat(21));

        Api.Response response = api().post("/api/customers", TestKeys.STAFF, customer);

        assertProblem(response, 400);
        assertThat(fieldErrors(response)).containsKeys("businessName", "description", "zip");
        assertThat(fieldErrors(response).get("businessName")).contains("200");
    }

    @Test
    void shouldRefuseInvalidEmails() {
        for (String email : new String[] {"not-an-email", "a@b", "two@@example.com", "spaces in@example.com"}) {
            Map<String, Object> customer = aCustomer("plumbing");
            customer.put("email", email);

            Api.Response response = api().post("/api/customers", TestKeys.STAFF, customer);

            assertProblem(response, 400);
            assertThat(fieldErrors(response)).as(email).containsKey("email");
        }
    }

    @Test
    void shouldRefuseInvalidUrls() {
        for (String url : new String[] {"not a url", "ftp://files.example", "javascript:alert(1)", "https://"}) {
            Map<String, Object> customer = aCustomer("plumbing");
            customer.put("website", url);
            Map<String, Object> directory = aDirectory("plumbing", 10);
            directory.put("submissionUrl", url);

            Api.Response customerResponse = api().post("/api/customers", TestKeys.STAFF, customer);
            Api.Response directoryResponse = api().post("/api/directories", TestKeys.ADMIN, directory);

            assertProblem(customerResponse, 400);
            assertThat(fieldErrors(customerResponse)).as(url).containsKey("website");
            assertProblem(directoryResponse, 400);
            assertThat(fieldErrors(directoryResponse)).as(url).containsKey("submissionUrl");
        }
    }

    @Test
    void shouldRefuseMissingAndOutOfRangeFields() {
        Api.Response job = api().post(
                        "/api/jobs", TestKeys.STAFF, Map.of("priority", 9, "directoryIds", new String[] {"Not An Id"}));
        Map<String, Object> directory = aDirectory("plumbing", 101);
        directory.remove("id");
        Api.Response catalog = api().post("/api/directories", TestKeys.ADMIN, directory);

        assertProblem(job, 400);
        assertThat(fieldErrors(job)).containsKeys("customerId", "packageType", "priority", "directoryIds[0]");
        assertProblem(catalog, 400);
        assertThat(fieldErrors(catalog)).containsKeys("id", "domainAuthority");
    }

    @Test
    void shouldRefuseBadPathAndQueryParameters() {
        Api.Response id = api().get("/api/jobs/not-a-uuid", TestKeys.VIEWER);
        Api.Response size = api().get("/api/customers?size=1000", TestKeys.VIEWER);
        Api.Response key = api().send(
                        "POST",
                        "/api/jobs",
                        TestKeys.STAFF,
                        Map.of("customerId", customer, "packageType", "starter"),
                        Map.of("Idempotency-Key", "k".repeat(201)));

        assertProblem(id, 400);
        assertThat(id.detail()).contains("'id'").contains("UUID");
        assertProblem(size, 400);
        assertThat(fieldErrors(size)).containsKey("size");
        assertProblem(key, 400);
        assertThat(key.detail()).contains("printable ASCII");
    }

    @Test
    void shouldRefuseABodyOver64KibWith413() {
        Map<String, Object> customer = aCustomer("plumbing");
        customer.put("description", "z".repeat(70 * 1024));

        Api.Response response = api().post("/api/customers", TestKeys.STAFF, customer);

        assertProblem(response, 413);
        assertThat(response.detail()).contains("65536 bytes");
    }

    @Test
    void shouldRefuseAChunkedBodyThatGrowsPast64KibWith413() {
        Map<String, Object> customer = aCustomer("plumbing");
        customer.put("description", "z".repeat(70 * 1024));
        byte[] body = Api.JSON.writeValueAsString(customer).getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(api().uri("/api/customers"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestKeys.STAFF)
                // No declared length: the body arrives chunked and is counted while read.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        Api.Response response = api().send(request);

        assertProblem(response, 413);
    }

    @Test
    void shouldAcceptABodyJustUnderTheLimit() {
        Map<String, Object> directory = aDirectory("plumbing", 10);
        Map<String, String> mapping = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            mapping.put("field" + i, "v".repeat(500));
        }
        directory.put("fieldMapping", mapping);
        assertThat(Api.JSON.writeValueAsString(directory).length()).isBetween(50_000, 64 * 1024);

        Api.Response response = api().post("/api/directories", TestKeys.ADMIN, directory);

        assertThat(response.status()).isEqualTo(201);
        directories++;
    }

    // Regressions from the API fuzzer (ApiFuzzIT): each of these was answered outside the problem contract.

    @Test
    void shouldAnswerAPathTheFirewallRefusesWithAProblem() {
        assertProblem(api().get("/api/jobs//results", TestKeys.VIEWER), 400);
    }

    @Test
    void shouldAnswerAPathTomcatRefusesWithAProblem() {
        Api.Response response = api().get("/api/directories/a%2Fb", TestKeys.VIEWER);

        assertProblem(response, 400);
        assertThat(response.body()).doesNotContain("Tomcat").doesNotContain("<html");
    }

    @Test
    void shouldRefuseTwoDifferentKeysRatherThanPickOne() {
        Api.Response response =
                api().send("GET", "/api/jobs", TestKeys.VIEWER, null, Map.of("X-Api-Key", TestKeys.ADMIN));

        assertProblem(response, 401);
    }

    @Test
    void shouldRefuseAWildcardContentType() {
        assertProblem(api().send("POST", "/api/jobs", TestKeys.STAFF, null, Map.of("Content-Type", "*/*")), 415);
    }

    @Test
    void shouldRefuseAnAcceptNothingCanAnswerBeforeActing() {
        UUID job = createJob(customer, "starter");
        jobs++;
        failJob(job, 2);

        Api.Response html =
                api().send("POST", "/api/jobs/" + job + "/retry", TestKeys.STAFF, null, Map.of("Accept", "text/html"));
        Api.Response garbage =
                api().send("POST", "/api/jobs/" + job + "/retry", TestKeys.STAFF, null, Map.of("Accept", "garbage"));

        assertProblem(html, 406);
        assertProblem(garbage, 406);
        assertThat(jdbc.queryForObject("SELECT status FROM jobs WHERE id = ?", String.class, job))
                .isEqualTo("failed");
    }

    @Test
    void shouldRefuseAFormBodyBeforeDecodingIt() {
        HttpRequest request = HttpRequest.newBuilder(api().uri("/api/customers"))
                .header("Authorization", "Bearer " + TestKeys.STAFF)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'a', '=', (byte) 0xC3, (byte) 0x28}))
                .build();

        assertProblem(api().send(request), 415);
    }

    @Test
    void shouldRefuseANulCharacterAsInvalidInput() {
        Map<String, Object> customer = aCustomer("plumbing");
        customer.put("description", "before\u0000after");

        Api.Response response = api().post("/api/customers", TestKeys.STAFF, customer);

        assertProblem(response, 400);
        assertThat(response.detail()).contains("NUL");
    }

    @Test
    void shouldDescribeJobMetadataAsAFreeFormObject() {
        JsonNode metadata =
                api().get("/v3/api-docs", null).json().at("/components/schemas/CreateJobRequest/properties/metadata");

        assertThat(metadata.path("type").asString()).as(metadata.toString()).isEqualTo("object");
        assertThat(metadata.has("properties")).isFalse();
    }

    private static void assertProblem(Api.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.detail()).isNotBlank();
        // A stable kind a client can act on, never about:blank.
        assertThat(response.json().path("type").asString())
                .isEqualTo(ProblemType.of(status).uri().toString());
    }

    private static Map<String, String> fieldErrors(Api.Response response) {
        Map<String, String> errors = new java.util.LinkedHashMap<>();
        for (JsonNode error : response.json().path("errors")) {
            errors.put(error.path("field").asString(), error.path("message").asString());
        }
        return errors;
    }
}
