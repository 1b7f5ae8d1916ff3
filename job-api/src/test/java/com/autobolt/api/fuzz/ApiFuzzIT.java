package com.autobolt.api.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.api.fuzz.FuzzRequests.Fixture;
import com.autobolt.api.fuzz.FuzzRequests.FuzzRequest;
import com.autobolt.api.support.Api;
import com.autobolt.api.support.SharedApiTestSupport;
import com.autobolt.api.support.TestKeys;
import com.autobolt.testinfra.bench.BenchmarkReport;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * API fuzzing: requests generated from the API description for every operation and role, each a valid
 * request taken apart (missing, extra and duplicate fields, wrong types, huge strings, odd Unicode,
 * invalid UTF-8, wrong content types, header abuse). Invariants, checked on every answer:
 *
 * <ul>
 *   <li>never a 5xx, and always an answer (but to a body over Tomcat's 2 MiB swallow limit, which it
 *       may refuse by closing the connection);
 *   <li>every 4xx is {@code application/problem+json} whose {@code status} is the answer's (a page for
 *       people, which only answers HTML, may say it as a page; the worker paths in the replaced system's
 *       shape answer its {@code {success: false, error}});
 *   <li>a 4xx stores nothing (no table's rows change);
 *   <li>no answer carries an API key or the share link's token, and a caller without a role that reads
 *       customers never sees a customer's email.
 * </ul>
 *
 * <p>A short run is part of {@code verify}; the long run is the command in job-api's README
 * ({@code -Dautobolt.fuzz.requests=100000 -Dautobolt.fuzz.report=true}, which writes
 * {@code bench/results/api-fuzz.json}). The seed is fixed unless {@code -Dautobolt.fuzz.seed} says
 * otherwise, and every failure names the seed and the request's index.
 */
class ApiFuzzIT extends SharedApiTestSupport {

    private static final long SEED = Long.getLong("autobolt.fuzz.seed", 20261130L);
    private static final long FROM = Long.getLong("autobolt.fuzz.from", 0L);
    private static final int REQUESTS = Integer.getInteger("autobolt.fuzz.requests", 1500);
    private static final boolean REPORT = Boolean.getBoolean("autobolt.fuzz.report");
    private static final int MAX_VIOLATIONS = 30;
    private static final int MAX_SWALLOWED_BODY = 2 * 1024 * 1024;
    private static final Set<String> CUSTOMER_READERS = Set.of("admin", "staff", "viewer");

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    @Test
    void everyGeneratedRequestKeepsTheInvariants() {
        insertDirectories(60, "plumbing", 40);
        Fixture fixture = fixture();
        String token = shareToken(fixture.jobId());
        Fixture withShare = new Fixture(
                fixture.customerId(),
                fixture.customerEmail(),
                fixture.jobId(),
                fixture.directoryId(),
                shareId(fixture));
        OpenApiOperations description =
                OpenApiOperations.of(api().get("/v3/api-docs", null).json());
        List<OpenApiOperations.Operation> fuzzed = description.operations().stream()
                .filter(operation -> !operation.streams())
                .toList();
        assertThat(fuzzed).hasSizeGreaterThan(15);
        FuzzRequests requests = new FuzzRequests(new OpenApiOperations(description.document(), fuzzed), withShare);
        String fingerprintQuery = fingerprintQuery();
        List<String> secrets = List.of(TestKeys.ADMIN, TestKeys.STAFF, TestKeys.VIEWER, TestKeys.WORKER, token);

        List<String> violations = new ArrayList<>();
        Map<String, Integer> statuses = new TreeMap<>();
        Set<String> operationsSeen = new java.util.HashSet<>();
        long fiveHundreds = 0;
        long sent = 0;
        for (long index = FROM; index < FROM + REQUESTS && violations.size() < MAX_VIOLATIONS; index++) {
            FuzzRequest request = requests.next(SEED, index);
            String before = jdbc.queryForObject(fingerprintQuery, String.class);
            Answer answer = send(request);
            sent++;
            operationsSeen.add(request.operation().toString());
            statuses.merge(answer.status / 100 + "xx", 1, Integer::sum);
            if (answer.status >= 500) {
                fiveHundreds++;
            }
            List<String> broken = check(request, answer, secrets, fixture.customerEmail());
            if (answer.status >= 400 && answer.status < 500) {
                String after = jdbc.queryForObject(fingerprintQuery, String.class);
                if (!before.equals(after)) {
                    broken.add("a " + answer.status + " changed stored rows");
                }
            }
            for (String violation : broken) {
                violations.add(violation + ": seed " + SEED + " " + request.describe() + " → " + answer.status + " "
                        + FuzzRequests.cut(answer.body, 300));
            }
        }
        System.out.printf(
                "api fuzz: seed %d, %d requests from #%d over %d operations, answers %s%n",
                SEED, sent, FROM, operationsSeen.size(), statuses);
        if (REPORT) {
            new BenchmarkReport("api-fuzz")
                    .figure("api_fuzz_requests", sent, "requests")
                    .figure("api_fuzz_5xx", fiveHundreds, "answers")
                    .figure("api_fuzz_invariant_violations", violations.size(), "violations")
                    .figure("api_fuzz_operations", operationsSeen.size(), "operations")
                    .write();
        }
        assertThat(violations)
                .as("invariant violations (replay with the seed and index)")
                .isEmpty();
        assertThat(operationsSeen).as("every described operation was fuzzed").hasSize(fuzzed.size());
    }

    private List<String> check(FuzzRequest request, Answer answer, List<String> secrets, String customerEmail) {
        List<String> broken = new ArrayList<>();
        if (answer.status == 0) {
            // Tomcat stops reading a refused body past its swallow limit (2 MiB) and closes the connection,
            // which a client still sending sees as no answer: the one case where none is right.
            if (request.body() == null || request.body().length <= MAX_SWALLOWED_BODY) {
                broken.add("no answer (" + answer.body + ")");
            }
            return broken;
        }
        if (answer.status >= 500) {
            broken.add("a " + answer.status);
        }
        if (answer.status >= 400 && answer.status < 500) {
            if (request.operation().isPage() && answer.contentType.startsWith("text/html")) {
                // A page for people (the customer's progress page) says its 4xx in words, as a page.
            } else if (isLegacyWorkerError(request, answer)) {
                // The replaced system's worker clients get its own error shape (docs/design.md, External workers).
            } else if (!answer.contentType.startsWith("application/problem+json")) {
                broken.add("a " + answer.status + " that is not problem+json (" + answer.contentType + ")");
            } else {
                JsonNode problem = Api.JSON.readTree(answer.body);
                if (problem.path("status").asInt() != answer.status) {
                    broken.add("a problem whose status is not the answer's");
                }
            }
        }
        String sentText = request.pathAndQuery()
                + request.headers()
                + (request.body() == null ? "" : new String(request.body(), StandardCharsets.UTF_8));
        String received = answer.headers + answer.body;
        for (String secret : secrets) {
            if (received.contains(secret) && !sentText.contains(secret)) {
                broken.add("the answer carries a secret");
            }
        }
        if (!CUSTOMER_READERS.contains(request.role()) && received.contains(customerEmail)) {
            broken.add("a customer's email shown to role " + request.role());
        }
        return broken;
    }

    /**
     * On the worker paths, a request not in AutoBolt's worker media type speaks the replaced system's
     * shape, whose errors are {@code {"success": false, "error": "..."}}.
     */
    private static boolean isLegacyWorkerError(FuzzRequest request, Answer answer) {
        if (!request.pathAndQuery().startsWith("/api/autobolt/")
                || !answer.contentType.startsWith("application/json")) {
            return false;
        }
        JsonNode body = Api.JSON.readTree(answer.body);
        return body.path("success").isBoolean()
                && !body.path("success").asBoolean()
                && !body.path("error").asString().isBlank();
    }

    private record Answer(int status, String contentType, String headers, String body) {}

    private Answer send(FuzzRequest request) {
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(api().uri(request.pathAndQuery()))
                    .timeout(Duration.ofSeconds(30))
                    .method(
                            request.method(),
                            request.body() == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(request.body()));
            request.headers().forEach(builder::header);
        } catch (IllegalArgumentException unsendable) {
            // A request the client library refuses to put on the wire (an illegal header value, say)
            // never reaches the server: nothing to check.
            return new Answer(400, "application/problem+json", "", "{\"status\":400}");
        }
        try {
            HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().map().toString(),
                    response.body());
        } catch (IOException e) {
            return new Answer(0, "", "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Fixture fixture() {
        Map<String, Object> customer = aCustomer("plumbing");
        Api.Response created = api().post("/api/customers", TestKeys.STAFF, customer);
        assertThat(created.status()).isEqualTo(201);
        UUID customerId = UUID.fromString(created.json().path("id").asString());
        UUID jobId = createJob(customerId, "starter");
        String directoryId = plannedDirectories(jobId).get(0);
        return new Fixture(
                customerId,
                (String) customer.get("email"),
                jobId,
                directoryId,
                UUID.randomUUID().toString());
    }

    private String shareToken(UUID jobId) {
        Api.Response share = api().post("/api/jobs/" + jobId + "/share", TestKeys.STAFF, Map.of());
        assertThat(share.status()).isEqualTo(201);
        return share.json().path("token").asString();
    }

    private String shareId(Fixture fixture) {
        return api().get("/api/jobs/" + fixture.jobId() + "/shares", TestKeys.STAFF)
                .json()
                .get(0)
                .path("id")
                .asString();
    }

    /**
     * One query whose answer changes when any row of any table is inserted, updated or deleted: each
     * table's row count and the newest transaction id among its rows' versions.
     */
    private String fingerprintQuery() {
        List<String> tables = jdbc.queryForList(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                        + " AND table_type = 'BASE TABLE' AND table_name <> 'flyway_schema_history' ORDER BY 1",
                String.class);
        return "SELECT concat_ws(',', "
                + tables.stream()
                        .map(table ->
                                "(SELECT count(*) || ':' || coalesce(max(xmin::text::bigint), 0) FROM " + table + ")")
                        .collect(Collectors.joining(", "))
                + ")";
    }
}
