package com.autobolt.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.impl.bootstrap.HttpServer;
import org.apache.hc.core5.http.impl.bootstrap.ServerBootstrap;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server that simulates any number of directory sites. Every site is
 * {@code POST /directories/{id}/submit}; how it answers is its {@link SiteBehaviour} (the default
 * applies to sites not configured). Every request is recorded with its {@code Idempotency-Key}, so
 * tests can count duplicate submissions; {@code GET /submissions} and {@code GET /submissions/stats}
 * expose the same over HTTP, and {@code PUT /directories/{id}} changes a site's behaviour.
 */
public final class DirectorySandbox implements AutoCloseable {

    /**
     * A site that {@link SiteBehaviour#requiresLogin()} takes a submission only with this header set to
     * {@link #LOGIN_DONE}: the client says that a person logged in to the site for it. Real sites have
     * their own login; the sandbox has this stand-in, so that a worker a person drives (the HTTP worker)
     * can be tested end to end, while job-worker, which never sends it, is refused.
     */
    public static final String LOGIN_HEADER = "X-Sandbox-Login";

    public static final String LOGIN_DONE = "done";
    /** As {@link #LOGIN_HEADER}, for a site that {@link SiteBehaviour#requiresCaptcha()}: a person solved it. */
    public static final String CAPTCHA_HEADER = "X-Sandbox-Captcha";

    public static final String CAPTCHA_SOLVED = "solved";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SUBMIT_PREFIX = "/directories/";
    private static final ContentType JSON_CONTENT = ContentType.APPLICATION_JSON;

    private final HttpServer server;
    private final String host;
    private final Map<String, SiteBehaviour> behaviours = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requestsPerKey = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlightPerDirectory = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> maxInFlightPerDirectory = new ConcurrentHashMap<>();
    private final List<Submission> submissions = new ArrayList<>();
    private final AtomicLong listingSequence = new AtomicLong();
    private volatile SiteBehaviour defaultBehaviour;

    private DirectorySandbox(String host, int port, SiteBehaviour defaultBehaviour) {
        this.host = host;
        this.defaultBehaviour = defaultBehaviour;
        // Blocking I/O, one thread per connection (Apache HttpCore's classic server): a kept-alive
        // connection's requests are read, answered and written by the same thread, with no hand-off to
        // a selector thread and back per request, as the JDK's server does; slow and hanging sites hold
        // only their own connection's thread. On one machine with the worker, the sandbox's CPU per
        // request is part of every measured task.
        this.server = ServerBootstrap.bootstrap()
                .setLocalAddress(address(host))
                .setListenerPort(port)
                .setSocketConfig(SocketConfig.custom()
                        .setTcpNoDelay(true)
                        .setBacklogSize(1024)
                        .setSoTimeout(Timeout.ofMinutes(5))
                        .build())
                // One handler whatever the Host header says: sites are reached as localhost, 127.0.0.1 or a
                // container name, and the default router refuses names other than its own (421).
                .setRequestRouter((request, context) -> (req, response, ctx) -> handle(req, response))
                .create();
    }

    /** Starts a sandbox on {@code port} (0 = any free port) of the loopback interface. */
    public static DirectorySandbox start(int port) {
        return start("127.0.0.1", port, SiteBehaviour.ok());
    }

    public static DirectorySandbox start(String host, int port, SiteBehaviour defaultBehaviour) {
        DirectorySandbox sandbox = new DirectorySandbox(host, port, defaultBehaviour);
        try {
            sandbox.server.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start the directory sandbox on port " + port, e);
        }
        return sandbox;
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (IOException e) {
            throw new IllegalArgumentException("unknown sandbox host " + host, e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public String baseUrl() {
        return "http://" + host + ":" + port();
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

    /** Stops at once: hanging sites' answers are cut off, as a crashed site's would be. */
    @Override
    public void close() {
        server.close(CloseMode.IMMEDIATE);
    }

    private void handle(ClassicHttpRequest request, ClassicHttpResponse response) throws IOException {
        try {
            String path = pathOf(request);
            String method = request.getMethod();
            if (method.equals("POST") && path.startsWith(SUBMIT_PREFIX) && path.endsWith("/submit")) {
                submit(request, response, path.substring(SUBMIT_PREFIX.length(), path.length() - "/submit".length()));
            } else if (method.equals("PUT") && path.startsWith(SUBMIT_PREFIX)) {
                configure(path.substring(SUBMIT_PREFIX.length()), readJson(request, SiteBehaviour.class));
                respond(response, 204, null, "");
            } else if (method.equals("GET") && path.equals("/submissions")) {
                respond(response, 200, null, JSON.writeValueAsString(submissions()));
            } else if (method.equals("GET") && path.equals("/submissions/stats")) {
                respond(response, 200, null, JSON.writeValueAsString(stats()));
            } else if (method.equals("DELETE") && path.equals("/submissions")) {
                reset();
                respond(response, 204, null, "");
            } else {
                respond(response, 404, null, "{\"error\":\"not found\"}");
            }
        } catch (RuntimeException e) {
            respond(
                    response,
                    400,
                    null,
                    "{\"error\":\"" + String.valueOf(e.getMessage()).replace('"', '\'') + "\"}");
        }
    }

    /** The request target's path, without its query. */
    private static String pathOf(ClassicHttpRequest request) {
        String target = request.getPath();
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
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

    private void submit(ClassicHttpRequest request, ClassicHttpResponse response, String directoryId)
            throws IOException {
        String key = headerValue(request, "Idempotency-Key");
        String body = new String(bodyOf(request), StandardCharsets.UTF_8);
        int index;
        synchronized (submissions) {
            index = submissions.size();
            submissions.add(new Submission(
                    directoryId, key, headerValue(request, "Content-Type"), body, Instant.now(), 0, null));
        }
        AtomicInteger inFlight = inFlightPerDirectory.computeIfAbsent(directoryId, id -> new AtomicInteger());
        maxInFlightPerDirectory
                .computeIfAbsent(directoryId, id -> new AtomicInteger())
                .accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        Reply reply = null;
        try {
            SiteBehaviour behaviour = behaviours.getOrDefault(directoryId, defaultBehaviour);
            int seenBefore = key == null
                    ? 0
                    : requestsPerKey
                            .computeIfAbsent(key, k -> new AtomicInteger())
                            .getAndIncrement();
            pause(behaviour.hang() ? behaviour.hangMs() : behaviour.latencyMs());
            Reply refusal = personMissing(request, behaviour);
            if (refusal != null) {
                recordStatus(index, refusal.status());
                reply = refusal;
            } else if (behaviour.hostile() != null) {
                recordStatus(index, HostileAnswers.write(behaviour.hostile(), response, listingUrl(directoryId)));
            } else {
                reply = answer(index, directoryId, behaviour, seenBefore);
            }
        } finally {
            // Before the answer goes out, not after: a client that has its answer may send the next
            // submission at once, and that one must not count as overlapping with this one.
            inFlight.decrementAndGet();
        }
        if (reply != null) {
            respond(response, reply.status(), reply.headers(), reply.body());
        }
    }

    /** The refusal of a site that needs a person's login or captcha when the request does not say it has them. */
    private static Reply personMissing(ClassicHttpRequest request, SiteBehaviour behaviour) {
        if (behaviour.requiresLogin() && !LOGIN_DONE.equals(headerValue(request, LOGIN_HEADER))) {
            return new Reply(401, null, "{\"status\":\"error\",\"error\":\"login required\"}");
        }
        if (behaviour.requiresCaptcha() && !CAPTCHA_SOLVED.equals(headerValue(request, CAPTCHA_HEADER))) {
            return new Reply(403, null, "{\"status\":\"error\",\"error\":\"captcha required\"}");
        }
        return null;
    }

    private String listingUrl(String directoryId) {
        return baseUrl() + "/listings/" + directoryId + "/" + listingSequence.incrementAndGet();
    }

    private static String headerValue(ClassicHttpRequest request, String name) {
        Header header = request.getFirstHeader(name);
        return header == null ? null : header.getValue();
    }

    private static byte[] bodyOf(ClassicHttpRequest request) throws IOException {
        HttpEntity entity = request.getEntity();
        if (entity == null) {
            return new byte[0];
        }
        try (InputStream in = entity.getContent()) {
            return in.readAllBytes();
        }
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
        String listingUrl = listingUrl(directoryId);
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
                                status,
                                Instant.now()));
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

    private static <T> T readJson(ClassicHttpRequest request, Class<T> type) throws IOException {
        return SandboxConfig.JSON.readValue(bodyOf(request), type);
    }

    private static void respond(ClassicHttpResponse response, int status, Map<String, String> headers, String body) {
        response.setCode(status);
        if (headers != null) {
            headers.forEach(response::setHeader);
        }
        if (!body.isEmpty()) {
            response.setEntity(new ByteArrayEntity(body.getBytes(StandardCharsets.UTF_8), JSON_CONTENT));
        }
    }
}
