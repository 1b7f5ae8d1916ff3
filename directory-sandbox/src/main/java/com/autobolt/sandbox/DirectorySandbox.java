package com.autobolt.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server that simulates any number of directory sites. Every site is
 * {@code POST /directories/{id}/submit}; how it answers is its {@link SiteBehaviour} (the default
 * applies to sites not configured). Every request is recorded with its {@code Idempotency-Key}, so
 * tests can count duplicate submissions; {@code GET /submissions} and {@code GET /submissions/stats}
 * expose the same over HTTP, and {@code PUT /directories/{id}} changes a site's behaviour.
 */
public final class DirectorySandbox implements AutoCloseable {

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle and delayed
        // ACKs add ~40 ms to every answer. Read once, when the server classes load.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SUBMIT_PREFIX = "/directories/";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, SiteBehaviour> behaviours = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requestsPerKey = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlightPerDirectory = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> maxInFlightPerDirectory = new ConcurrentHashMap<>();
    private final List<Submission> submissions = new ArrayList<>();
    private final AtomicLong listingSequence = new AtomicLong();
    private volatile SiteBehaviour defaultBehaviour;

    private DirectorySandbox(HttpServer server, ExecutorService executor, SiteBehaviour defaultBehaviour) {
        this.server = server;
        this.executor = executor;
        this.defaultBehaviour = defaultBehaviour;
    }

    /** Starts a sandbox on {@code port} (0 = any free port) of the loopback interface. */
    public static DirectorySandbox start(int port) {
        return start("127.0.0.1", port, SiteBehaviour.ok());
    }

    public static DirectorySandbox start(String host, int port, SiteBehaviour defaultBehaviour) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 1024);
            // Many threads: slow and hanging sites hold one each, and must not hold up the others.
            ExecutorService executor = Executors.newFixedThreadPool(256, daemonThreads());
            DirectorySandbox sandbox = new DirectorySandbox(server, executor, defaultBehaviour);
            server.createContext("/", sandbox::handle);
            server.setExecutor(executor);
            server.start();
            return sandbox;
        } catch (IOException e) {
            throw new IllegalStateException("could not start the directory sandbox on port " + port, e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "sandbox-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://" + server.getAddress().getHostString() + ":" + port();
    }

    /** The submission URL of a simulated directory. */
    public String submissionUrl(String directoryId) {
        return baseUrl() + SUBMIT_PREFIX + directoryId + "/submit";
    }

    public void configure(String directoryId, SiteBehaviour behaviour) {
        behaviours.put(directoryId, behaviour);
    }

    public void configureDefault(SiteBehaviour behaviour) {
        defaultBehaviour = behaviour;
    }

    public List<Submission> submissions() {
        synchronized (submissions) {
            return List.copyOf(submissions);
        }
    }

    public int submissionCount() {
        synchronized (submissions) {
            return submissions.size();
        }
    }

    /** How many requests arrived with each idempotency key. */
    public Map<String, Long> submissionsPerKey() {
        return submissions().stream()
                .filter(submission -> submission.idempotencyKey() != null)
                .collect(Collectors.groupingBy(Submission::idempotencyKey, Collectors.counting()));
    }

    /** The most requests any one directory was answering at the same moment. */
    public int maxConcurrentRequestsPerDirectory() {
        return maxInFlightPerDirectory.values().stream()
                .mapToInt(AtomicInteger::get)
                .max()
                .orElse(0);
    }

    public void reset() {
        synchronized (submissions) {
            submissions.clear();
        }
        requestsPerKey.clear();
        maxInFlightPerDirectory.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("POST") && path.startsWith(SUBMIT_PREFIX) && path.endsWith("/submit")) {
                submit(exchange, path.substring(SUBMIT_PREFIX.length(), path.length() - "/submit".length()));
            } else if (method.equals("PUT") && path.startsWith(SUBMIT_PREFIX)) {
                configure(path.substring(SUBMIT_PREFIX.length()), readJson(exchange, SiteBehaviour.class));
                respond(exchange, 204, null, "");
            } else if (method.equals("GET") && path.equals("/submissions")) {
                respond(exchange, 200, null, JSON.writeValueAsString(submissions()));
            } else if (method.equals("GET") && path.equals("/submissions/stats")) {
                respond(exchange, 200, null, JSON.writeValueAsString(stats()));
            } else if (method.equals("DELETE") && path.equals("/submissions")) {
                reset();
                respond(exchange, 204, null, "");
            } else {
                respond(exchange, 404, null, "{\"error\":\"not found\"}");
            }
        } catch (RuntimeException e) {
            respond(exchange, 400, null, "{\"error\":\"" + e.getMessage().replace('"', '\'') + "\"}");
        }
    }

    private Map<String, Object> stats() {
        Map<String, Long> perKey = submissionsPerKey();
        long duplicates = perKey.values().stream().mapToLong(count -> count - 1).sum();
        return Map.of(
                "submissions", submissionCount(),
                "distinctKeys", perKey.size(),
                "duplicates", duplicates,
                "maxConcurrentPerDirectory", maxConcurrentRequestsPerDirectory());
    }

    private void submit(HttpExchange exchange, String directoryId) throws IOException {
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int index;
        synchronized (submissions) {
            index = submissions.size();
            submissions.add(new Submission(
                    directoryId, key, exchange.getRequestHeaders().getFirst("Content-Type"), body, Instant.now(), 0));
        }
        AtomicInteger inFlight = inFlightPerDirectory.computeIfAbsent(directoryId, id -> new AtomicInteger());
        maxInFlightPerDirectory
                .computeIfAbsent(directoryId, id -> new AtomicInteger())
                .accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        Reply reply;
        try {
            SiteBehaviour behaviour = behaviours.getOrDefault(directoryId, defaultBehaviour);
            int seenBefore = key == null
                    ? 0
                    : requestsPerKey
                            .computeIfAbsent(key, k -> new AtomicInteger())
                            .getAndIncrement();
            pause(behaviour.hang() ? behaviour.hangMs() : behaviour.latencyMs());
            reply = answer(index, directoryId, behaviour, seenBefore);
        } finally {
            // Before the answer goes out, not after: a client that has its answer may send the next
            // submission at once, and that one must not count as overlapping with this one.
            inFlight.decrementAndGet();
        }
        respond(exchange, reply.status(), reply.headers(), reply.body());
    }

    private record Reply(int status, Map<String, String> headers, String body) {}

    /** Records the status before answering, so a client that has its answer also sees it recorded. */
    private Reply answer(int index, String directoryId, SiteBehaviour behaviour, int seenBefore) {
        boolean fails = seenBefore < behaviour.failFirst()
                || ThreadLocalRandom.current().nextDouble() >= behaviour.successRate();
        if (fails) {
            Map<String, String> headers = behaviour.retryAfterSeconds() == null
                    ? null
                    : Map.of("Retry-After", String.valueOf(behaviour.retryAfterSeconds()));
            recordStatus(index, behaviour.failureStatus());
            return new Reply(behaviour.failureStatus(), headers, "{\"status\":\"error\",\"error\":\"simulated\"}");
        }
        if (behaviour.rejectInBody()) {
            recordStatus(index, 200);
            return new Reply(200, null, "{\"status\":\"error\",\"error\":\"duplicate listing\"}");
        }
        String listingUrl = baseUrl() + "/listings/" + directoryId + "/" + listingSequence.incrementAndGet();
        if (behaviour.listingInBody()) {
            recordStatus(index, 200);
            return new Reply(200, null, "{\"status\":\"ok\",\"listingUrl\":\"" + listingUrl + "\"}");
        }
        recordStatus(index, 201);
        return new Reply(201, Map.of("Location", listingUrl), "{\"status\":\"ok\"}");
    }

    private void recordStatus(int index, int status) {
        synchronized (submissions) {
            if (index < submissions.size()) {
                Submission s = submissions.get(index);
                submissions.set(
                        index,
                        new Submission(
                                s.directoryId(),
                                s.idempotencyKey(),
                                s.contentType(),
                                s.body(),
                                s.receivedAt(),
                                status));
            }
        }
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static <T> T readJson(HttpExchange exchange, Class<T> type) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return JSON.readValue(in, type);
        }
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (headers != null) {
            headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
