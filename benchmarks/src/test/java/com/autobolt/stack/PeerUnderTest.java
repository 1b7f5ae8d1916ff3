package com.autobolt.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;

/**
 * A peer engine ({@code com.autobolt.bench.peers.PeerMain}) in a JVM of its own, with the stack's JVM
 * options, its schema in the peers' database; jobs created through its {@code POST /jobs}.
 */
final class PeerUnderTest implements SystemUnderTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String name;
    private final Process process;
    private final int port;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final HttpClient http = HttpClient.newHttpClient();

    private PeerUnderTest(String name, Process process, int port, String jdbcUrl, String user, String password) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    static PeerUnderTest start(
            String name, String jdbcUrl, String user, String password, String sandboxUrl, int threads, Path log)
            throws IOException, InterruptedException {
        int port = PortCheck.distinctFreePorts(1)[0];
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(StackSettings.DEFAULT_JAVA_OPTIONS.split(" ")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "com.autobolt.bench.peers.PeerMain"));
        command.addAll(
                List.of(name, String.valueOf(port), jdbcUrl, user, password, sandboxUrl, String.valueOf(threads)));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        PeerUnderTest peer = new PeerUnderTest(name, process, port, jdbcUrl, user, password);
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!peer.ready()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " did not start; see " + log);
            }
            Thread.sleep(200);
        }
        return peer;
    }

    private boolean ready() {
        try {
            return http.send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String createJob(Customer customer, List<String> directoryIds) {
        String jobId = UUID.randomUUID().toString();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jobId", jobId);
        body.put("profile", customer.profile());
        body.put("directoryIds", directoryIds);
        try {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/jobs"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 201) {
                throw new IllegalStateException(name + " POST /jobs: " + answer.statusCode() + " " + answer.body());
            }
            return jobId;
        } catch (IOException e) {
            throw new IllegalStateException(name + " POST /jobs: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    @Override
    public int ended(List<String> jobIds) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT count(*) FROM " + name + ".job_progress WHERE job_id = ANY(?) AND done = total")) {
            query.setArray(1, connection.createArrayOf("text", jobIds.toArray()));
            try (ResultSet count = query.executeQuery()) {
                count.next();
                return count.getInt(1);
            }
        }
    }

    @Override
    public List<String> inexact(Map<String, Integer> directoriesByJob) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Connection connection = connect();
                PreparedStatement query = connection.prepareStatement("SELECT total, done, submitted, failed,"
                        + " (SELECT count(*) FROM " + name
                        + ".job_results r WHERE r.job_id = p.job_id AND r.status = 'submitted'),"
                        + " (SELECT count(*) FROM " + name + ".job_results r WHERE r.job_id = p.job_id)"
                        + " FROM " + name + ".job_progress p WHERE job_id = ?")) {
            for (var job : directoriesByJob.entrySet()) {
                int expected = job.getValue();
                query.setString(1, job.getKey());
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        problems.add(name + " job " + job.getKey() + ": no progress row");
                        continue;
                    }
                    boolean exact = row.getInt(1) == expected
                            && row.getInt(2) == expected
                            && row.getInt(3) == expected
                            && row.getInt(4) == 0
                            && row.getInt(5) == expected
                            && row.getInt(6) == expected;
                    if (!exact) {
                        problems.add(String.format(
                                "%s job %s: total %d done %d submitted %d failed %d, submitted rows %d of %d, expected %d",
                                name,
                                job.getKey(),
                                row.getInt(1),
                                row.getInt(2),
                                row.getInt(3),
                                row.getInt(4),
                                row.getInt(5),
                                row.getInt(6),
                                expected));
                    }
                }
            }
        }
        return problems;
    }

    @Override
    public Map<String, List<Long>> processes() {
        List<Long> pids = new ArrayList<>(List.of(process.pid()));
        process.descendants().forEach(child -> pids.add(child.pid()));
        return Map.of(name, pids);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
