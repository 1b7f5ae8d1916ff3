package com.autobolt.bench.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * One peer engine as its own process, for the end-to-end benchmark: its schema in the given database,
 * its workers, and a tiny HTTP front door, {@code POST /jobs} with
 * {@code {"jobId", "profile": {...}, "directoryIds": [...]}}, which enqueues the job's tasks through the
 * engine's own API and answers 201 once they are durably enqueued (as AutoBolt's {@code POST /api/jobs}
 * answers once the job is committed). {@code GET /ready} answers 200 once the engine runs.
 *
 * <p>Arguments: {@code jobrunr|dbscheduler|skiplocked port jdbcUrl user password sandboxBaseUrl threads}.
 */
public final class PeerMain {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PeerMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: PeerMain jobrunr|dbscheduler|skiplocked port jdbcUrl user password"
                    + " sandboxBaseUrl threads");
            System.exit(2);
        }
        String system = args[0];
        int port = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[6]);
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(args[2] + (args[2].contains("?") ? "&" : "?") + "currentSchema=" + system);
        pool.setUsername(args[3]);
        pool.setPassword(args[4]);
        // The workers, the engine's own housekeeping and the front door.
        pool.setMaximumPoolSize(threads + 8);
        HikariDataSource dataSource = new HikariDataSource(pool);
        ResultStore.createTables(dataSource, system);
        SandboxSubmitter submitter = new SandboxSubmitter(system, args[5], threads * 2);
        PeerEngine engine = switch (system) {
            case "skiplocked" -> new SkipLockedEngine(dataSource, submitter, threads);
            case "dbscheduler" -> new DbSchedulerEngine(dataSource, submitter, threads);
            // 5 s: JobRunr's smallest poll interval (its default is 15 s).
            case "jobrunr" -> new JobRunrEngine(dataSource, submitter, threads, Duration.ofSeconds(5));
            default -> throw new IllegalArgumentException("unknown peer '" + system + "'");
        };

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/ready", exchange -> answer(exchange, 200, "ready"));
        server.createContext("/jobs", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                JsonNode job = JSON.readTree(body);
                List<String> directoryIds = new ArrayList<>();
                job.get("directoryIds").forEach(id -> directoryIds.add(id.asText()));
                engine.enqueue(job.get("jobId").asText(), JSON.writeValueAsString(job.get("profile")), directoryIds);
                answer(exchange, 201, "created");
            } catch (Exception e) {
                answer(exchange, 500, String.valueOf(e));
            }
        });
        server.start();
        System.out.println(system + " ready on port " + port);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.stop(0);
                            try {
                                engine.close();
                                submitter.close();
                            } catch (Exception e) {
                                System.err.println("stopping " + system + ": " + e);
                            }
                            dataSource.close();
                            stopped.countDown();
                        },
                        "peer-stop"));
        stopped.await();
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
