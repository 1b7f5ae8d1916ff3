package com.autobolt.httpworker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * job-api's side of the worker contract, played by a real HTTP server in the test (the JDK's): it
 * hands out the leases a test queues, answers {@code update} and {@code complete} as the contract
 * says (or as a test scripts), and records every call as it arrived. No database or broker is
 * involved: what is tested is the client.
 */
final class ContractServer implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** One request as it arrived. */
    record Call(String method, String path, String query, Map<String, String> headers, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    /** An answer: status, headers, body (empty: none). */
    record Reply(int status, Map<String, String> headers, String body) {
        static Reply json(int status, Object body) {
            return new Reply(status, Map.of("Content-Type", LeaseClient.MEDIA_TYPE), JSON.writeValueAsString(body));
        }

        static Reply problem(int status, String detail) {
            return new Reply(
                    status,
                    Map.of("Content-Type", "application/problem+json"),
                    JSON.writeValueAsString(Map.of("title", "Conflict", "status", status, "detail", detail)));
        }
    }

    private final HttpServer server;
    private final List<Call> calls = new ArrayList<>();
    private final Deque<Function<Call, Reply>> nextAnswers = new ArrayDeque<>();
    private final Deque<Function<Call, Reply>> updateAnswers = new ArrayDeque<>();
    private volatile Duration leaseLength = Duration.ofMinutes(5);

    ContractServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code next} hands out this lease (a JSON object as the contract shapes it). */
    synchronized void queueLease(Map<String, Object> lease) {
        nextAnswers.add(call -> Reply.json(200, lease));
    }

    /** The next {@code next} answers this way. */
    synchronized void queueNext(Function<Call, Reply> answer) {
        nextAnswers.add(answer);
    }

    /** The next {@code update} answers this way (afterwards: the contract's 200). */
    synchronized void queueUpdate(Function<Call, Reply> answer) {
        updateAnswers.add(answer);
    }

    /** How long an {@code update} extends a lease. */
    void leaseLength(Duration length) {
        leaseLength = length;
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> calls(String path) {
        return calls().stream().filter(call -> call.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
        Call call = new Call(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getQuery(),
                headers,
                body);
        Function<Call, Reply> scripted;
        synchronized (this) {
            calls.add(call);
            scripted = switch (call.path()) {
                case LeaseClient.NEXT -> nextAnswers.poll();
                case LeaseClient.UPDATE -> updateAnswers.poll();
                default -> null;
            };
        }
        Reply reply;
        if (scripted != null) {
            reply = scripted.apply(call);
        } else if (call.path().equals(LeaseClient.NEXT)) {
            reply = new Reply(204, Map.of(), "");
        } else if (call.path().equals(LeaseClient.UPDATE)) {
            reply = updated(call.json());
        } else if (call.path().equals(LeaseClient.COMPLETE)) {
            reply = Reply.json(
                    200,
                    Map.of(
                            "leaseId",
                            call.json().get("leaseId").stringValue(),
                            "requeued",
                            List.of(),
                            "failed",
                            List.of()));
        } else {
            reply = Reply.problem(404, "no such path");
        }
        send(exchange, reply);
    }

    private Reply updated(JsonNode update) {
        List<String> accepted = new ArrayList<>();
        update.get("results")
                .forEach(result -> accepted.add(result.get("directoryId").stringValue()));
        return Reply.json(
                200,
                Map.of(
                        "leaseId", update.get("leaseId").stringValue(),
                        "expiresAt", Instant.now().plus(leaseLength).toString(),
                        "accepted", accepted,
                        "remaining", List.of()));
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
