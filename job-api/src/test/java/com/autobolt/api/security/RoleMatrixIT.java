package com.autobolt.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.api.support.Api;
import com.autobolt.api.support.SharedApiTestSupport;
import com.autobolt.api.support.TestKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every endpoint × no key, an unknown key and each role: 401, 401, then 403 or success. */
class RoleMatrixIT extends SharedApiTestSupport {

    private static final Set<String> READERS = Set.of("viewer", "staff", "admin");
    private static final Set<String> WRITERS = Set.of("staff", "admin");
    private static final Set<String> ADMIN = Set.of("admin");
    private static final Set<String> ANY_KEY = Set.of("viewer", "staff", "admin", "worker");

    /** One endpoint: the roles it admits, the status it answers them, and how to make a valid request. */
    private record Endpoint(String name, Set<String> roles, int success, Function<RoleMatrixIT, Request> request) {
        @Override
        public String toString() {
            return name;
        }
    }

    private record Request(String method, String path, Object body, Map<String, String> headers) {
        Request(String method, String path, Object body) {
            this(method, path, body, Map.of());
        }
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint(
                    "POST /api/customers",
                    WRITERS,
                    201,
                    t -> new Request("POST", "/api/customers", aCustomer("plumbing"))),
            new Endpoint(
                    "GET /api/customers/{id}",
                    READERS,
                    200,
                    t -> new Request("GET", "/api/customers/" + t.customer, null)),
            new Endpoint(
                    "PATCH /api/customers/{id}",
                    WRITERS,
                    200,
                    t -> new Request(
                            "PATCH",
                            "/api/customers/" + t.customer,
                            Map.of("city", "Springfield"),
                            Map.of("If-Match", "\"0\""))),
            new Endpoint(
                    "GET /api/customers/{id}/history",
                    READERS,
                    200,
                    t -> new Request("GET", "/api/customers/" + t.customer + "/history", null)),
            new Endpoint(
                    "GET /api/jobs/{id}/history",
                    READERS,
                    200,
                    t -> new Request("GET", "/api/jobs/" + t.job + "/history", null)),
            new Endpoint("GET /api/customers", READERS, 200, t -> new Request("GET", "/api/customers?q=acme", null)),
            new Endpoint("GET /api/directories", READERS, 200, t -> new Request("GET", "/api/directories", null)),
            new Endpoint(
                    "GET /api/directories/{id}",
                    READERS,
                    200,
                    t -> new Request("GET", "/api/directories/" + t.directories.get(0), null)),
            new Endpoint(
                    "POST /api/directories",
                    ADMIN,
                    201,
                    t -> new Request("POST", "/api/directories", aDirectory("plumbing", 40))),
            new Endpoint(
                    "PUT /api/directories/{id}",
                    ADMIN,
                    200,
                    t -> new Request("PUT", "/api/directories/" + t.directories.get(0), aDirectoryUpdate())),
            new Endpoint(
                    "POST /api/jobs",
                    WRITERS,
                    201,
                    t -> new Request("POST", "/api/jobs", Map.of("customerId", t.customer, "packageType", "starter"))),
            new Endpoint(
                    "POST /api/jobs/batch",
                    WRITERS,
                    201,
                    t -> new Request(
                            "POST",
                            "/api/jobs/batch",
                            Map.of("jobs", List.of(Map.of("customerId", t.customer, "packageType", "starter"))))),
            new Endpoint("GET /api/jobs/{id}", READERS, 200, t -> new Request("GET", "/api/jobs/" + t.job, null)),
            new Endpoint("GET /api/jobs", READERS, 200, t -> new Request("GET", "/api/jobs?status=pending", null)),
            new Endpoint(
                    "GET /api/jobs/{id}/results",
                    READERS,
                    200,
                    t -> new Request("GET", "/api/jobs/" + t.job + "/results", null)),
            new Endpoint(
                    "POST /api/jobs/{id}/retry",
                    WRITERS,
                    202,
                    t -> new Request("POST", "/api/jobs/" + t.failedJob() + "/retry", null)),
            new Endpoint(
                    "POST /api/jobs/{id}/results/{directoryId}/retry",
                    WRITERS,
                    202,
                    t -> new Request("POST", t.failedDirectoryRetryPath(), null)),
            new Endpoint(
                    "POST /api/jobs/{id}/share",
                    WRITERS,
                    201,
                    t -> new Request("POST", "/api/jobs/" + t.job + "/share", null)),
            new Endpoint(
                    "GET /api/jobs/{id}/shares",
                    WRITERS,
                    200,
                    t -> new Request("GET", "/api/jobs/" + t.job + "/shares", null)),
            new Endpoint(
                    "POST /api/jobs/{id}/cancel",
                    WRITERS,
                    202,
                    t -> new Request("POST", "/api/jobs/" + t.newJob() + "/cancel", null)),
            new Endpoint(
                    "POST /api/jobs/{id}/results/{directoryId}",
                    WRITERS,
                    202,
                    t -> new Request(
                            "POST",
                            "/api/jobs/" + t.job + "/results/"
                                    + t.plannedDirectories(t.job).get(0),
                            Map.of("status", "failed", "reason", "the site is gone"))),
            // Leasing is for worker keys alone. Nothing waits here: the replaced system's shape answers 200
            // with data null; an update of a job the worker holds no lease of is a conflict, not a refusal.
            new Endpoint(
                    "GET /api/autobolt/jobs/next",
                    Set.of("worker"),
                    200,
                    t -> new Request("GET", "/api/autobolt/jobs/next", null)),
            new Endpoint(
                    "POST /api/autobolt/jobs/update",
                    Set.of("worker"),
                    409,
                    t -> new Request("POST", "/api/autobolt/jobs/update", Map.of("jobId", t.job))),
            new Endpoint(
                    "POST /api/autobolt/jobs/complete",
                    Set.of("worker"),
                    409,
                    t -> new Request(
                            "POST", "/api/autobolt/jobs/complete", Map.of("jobId", t.job, "finalStatus", "complete"))),
            new Endpoint("GET /api/stats", READERS, 200, t -> new Request("GET", "/api/stats", null)),
            new Endpoint("GET /api/operations", WRITERS, 200, t -> new Request("GET", "/api/operations", null)),
            new Endpoint("GET /api/me", ANY_KEY, 200, t -> new Request("GET", "/api/me", null)),
            new Endpoint("GET /actuator/info", ADMIN, 200, t -> new Request("GET", "/actuator/info", null)),
            new Endpoint("GET /actuator/prometheus", ADMIN, 200, t -> new Request("GET", "/actuator/prometheus", null)),
            new Endpoint("GET /actuator/metrics", ADMIN, 404, t -> new Request("GET", "/actuator/metrics", null)));

    private static List<String> directories;

    private UUID customer;
    private UUID job;

    @BeforeEach
    void catalogCustomerAndJob() {
        if (directories == null) {
            directories = insertDirectories(60, "plumbing", 50);
        }
        customer = createCustomer("plumbing");
        job = createJob(customer, "starter");
    }

    static Stream<Arguments> everyEndpointAndCaller() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            cases.add(Arguments.of(endpoint, "no key", null, 401));
            cases.add(Arguments.of(endpoint, "unknown key", TestKeys.UNKNOWN, 401));
            for (String role : List.of("viewer", "staff", "admin", "worker")) {
                int expected = endpoint.roles().contains(role) ? endpoint.success() : 403;
                cases.add(Arguments.of(endpoint, role, TestKeys.of(role), expected));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {1} → {3}")
    @MethodSource("everyEndpointAndCaller")
    void shouldAdmitOnlyTheEndpointsRoles(Endpoint endpoint, String caller, String key, int expected) {
        Request request = endpoint.request().apply(this);

        Api.Response response = api().send(request.method(), request.path(), key, request.body(), request.headers());

        assertThat(response.status()).as(response.body()).isEqualTo(expected);
        if (expected == 401 || expected == 403) {
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(response.json().path("type").asString())
                    .isEqualTo(
                            expected == 401
                                    ? "https://autobolt.dev/problems/unauthenticated"
                                    : "https://autobolt.dev/problems/forbidden");
            assertThat(response.detail()).isNotBlank().doesNotContain(key == null ? "\0" : key);
        }
        if (expected == 401) {
            assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        }
    }

    @Test
    void shouldLetHealthThroughWithoutAKey() {
        assertThat(api().get("/actuator/health", null).status()).isEqualTo(200);
        assertThat(api().get("/actuator/health/liveness", null).status()).isEqualTo(200);
        assertThat(api().get("/actuator/health/readiness", null).status()).isEqualTo(200);
        assertThat(api().get("/livez", null).status()).isEqualTo(200);
        assertThat(api().get("/readyz", null).status()).isEqualTo(200);
    }

    @Test
    void shouldAcceptTheKeyInTheXApiKeyHeaderToo() {
        Api.Response response = api().send("GET", "/api/stats", null, null, Map.of("X-Api-Key", TestKeys.VIEWER));

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void shouldTellAMissingKeyFromAnUnknownOne() {
        assertThat(api().get("/api/stats", null).detail()).contains("API key is required");
        assertThat(api().get("/api/stats", TestKeys.UNKNOWN).detail()).isEqualTo("unknown API key");
        Api.Response basic =
                api().send("GET", "/api/stats", null, null, Map.of("Authorization", "Basic dXNlcjpwYXNzd29yZA=="));
        assertThat(basic.status()).isEqualTo(401);
    }

    @Test
    void shouldSayWhichRoleWasRefused() {
        Api.Response response = api().post("/api/customers", TestKeys.VIEWER, aCustomer("plumbing"));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.detail()).isEqualTo("an API key with role viewer may not POST /api/customers");
    }

    @Test
    void shouldDenyEndpointsNobodyOpened() {
        assertThat(api().send("DELETE", "/api/directories/" + directories.get(0), TestKeys.ADMIN, null, Map.of())
                        .status())
                .isEqualTo(403);
        assertThat(api().get("/api/unheard-of", TestKeys.ADMIN).status()).isEqualTo(403);
        assertThat(count("directories")).isGreaterThanOrEqualTo(60);
    }

    @Test
    void shouldServeTheApiDescriptionAndItsUiWithoutAKey() {
        // A person opening the UI in a browser cannot send a key; neither page holds data.
        assertThat(api().get("/v3/api-docs", null).status()).isEqualTo(200);
        Api.Response ui = api().get("/swagger-ui/index.html", null);
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
        // The calls the UI makes still need the key.
        assertThat(api().get("/api/stats", null).status()).isEqualTo(401);
    }

    @Test
    void shouldDeclareEveryOperationsErrorResponsesAsProblemsWithStableTypes() {
        tools.jackson.databind.JsonNode paths =
                api().get("/v3/api-docs", null).json().path("paths");
        List<String> missing = new ArrayList<>();
        for (String path : paths.propertyNames()) {
            if (!path.startsWith("/api/")) {
                continue;
            }
            for (String method : paths.path(path).propertyNames()) {
                tools.jackson.databind.JsonNode operation = paths.path(path).path(method);
                List<String> expected = new ArrayList<>(List.of("401", "403", "500"));
                if (operation.has("requestBody")) {
                    expected.addAll(List.of("400", "413", "415"));
                }
                if (path.contains("{")) {
                    expected.add("404");
                }
                for (String status : expected) {
                    tools.jackson.databind.JsonNode problem = operation
                            .path("responses")
                            .path(status)
                            .path("content")
                            .path("application/problem+json");
                    boolean typed = problem.path("examples").values().stream()
                            .anyMatch(example -> example.path("value")
                                    .path("type")
                                    .asString()
                                    .startsWith("https://autobolt.dev/problems/"));
                    if (!typed || !problem.path("schema").has("$ref")) {
                        missing.add(method.toUpperCase() + " " + path + " " + status);
                    }
                }
            }
        }

        assertThat(missing).isEmpty();
        assertThat(paths.path("/api/jobs").path("post").path("responses").propertyNames())
                .contains("400", "409", "413", "422");
    }

    @Test
    void shouldDescribeEveryEndpointAndTheKeySchemesInOpenApi() {
        Api.Response docs = api().get("/v3/api-docs", TestKeys.WORKER);

        assertThat(docs.status()).isEqualTo(200);
        tools.jackson.databind.JsonNode description = docs.json();
        assertThat(description.path("paths").propertyNames())
                .contains(
                        "/api/customers",
                        "/api/customers/{id}",
                        "/api/directories",
                        "/api/directories/{id}",
                        "/api/jobs",
                        "/api/jobs/{id}",
                        "/api/jobs/{id}/results",
                        "/api/jobs/{id}/history",
                        "/api/customers/{id}/history",
                        "/api/jobs/{id}/retry",
                        "/api/jobs/{id}/results/{directoryId}/retry",
                        "/api/jobs/{id}/cancel",
                        "/api/jobs/{id}/results/{directoryId}",
                        "/api/autobolt/jobs/next",
                        "/api/autobolt/jobs/update",
                        "/api/autobolt/jobs/complete",
                        "/api/stats",
                        "/api/operations",
                        "/api/me",
                        "/api/events",
                        "/api/jobs/{id}/events");
        assertThat(description
                        .path("components")
                        .path("securitySchemes")
                        .path("bearer")
                        .path("scheme")
                        .asString())
                .isEqualTo("bearer");
        assertThat(description
                        .path("components")
                        .path("securitySchemes")
                        .path("apiKey")
                        .path("name")
                        .asString())
                .isEqualTo("X-Api-Key");
        assertThat(api().get("/swagger-ui/index.html", TestKeys.VIEWER).body()).contains("swagger-ui");
    }

    private static Map<String, Object> aDirectoryUpdate() {
        Map<String, Object> update = aDirectory("plumbing", 50);
        update.remove("id");
        return update;
    }

    private UUID newJob() {
        return createJob(customer, "starter");
    }

    private UUID failedJob() {
        UUID failed = createJob(customer, "starter");
        failJob(failed, 2);
        return failed;
    }

    private String failedDirectoryRetryPath() {
        UUID failed = createJob(customer, "starter");
        return "/api/jobs/" + failed + "/results/" + failJob(failed, 2).get(0) + "/retry";
    }
}
