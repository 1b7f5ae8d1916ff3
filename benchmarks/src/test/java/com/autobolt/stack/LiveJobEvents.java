package com.autobolt.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follows job-api's live stream of every job ({@code GET /api/events}) as a dashboard does, and notes
 * when each job's first progress (a directory done) and its 100 % became visible there.
 */
final class LiveJobEvents implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, Long> firstProgressNanos = new ConcurrentHashMap<>();
    private final Map<String, Long> completeNanos = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile Stream<String> lines;

    LiveJobEvents(String apiBaseUrl, String key) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiBaseUrl + "/api/events"))
                .header("X-Api-Key", key)
                .header("Accept", "text/event-stream")
                .build();
        reader = new Thread(
                () -> {
                    try {
                        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
                        if (response.statusCode() != 200) {
                            System.err.println("/api/events answered " + response.statusCode());
                            return;
                        }
                        lines = response.body();
                        lines.forEach(this::onLine);
                    } catch (IOException | RuntimeException e) {
                        System.err.println("/api/events ended: " + e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "live-job-events");
        reader.setDaemon(true);
        reader.start();
    }

    private void onLine(String line) {
        if (!line.startsWith("data:")) {
            return;
        }
        long now = System.nanoTime();
        JsonNode job = JSON.readTree(line.substring("data:".length()).trim());
        if (job == null || !job.has("progress")) {
            return;
        }
        String id = job.get("id").asString();
        JsonNode progress = job.get("progress");
        if (progress.get("done").asInt() > 0) {
            firstProgressNanos.putIfAbsent(id, now);
        }
        if (progress.get("percent").asInt() == 100) {
            completeNanos.putIfAbsent(id, now);
        }
    }

    /** When the job's first progress arrived (System.nanoTime), or null. */
    Long firstProgressNanos(String jobId) {
        return firstProgressNanos.get(jobId);
    }

    /** When the job's 100 % arrived (System.nanoTime), or null. */
    Long completeNanos(String jobId) {
        return completeNanos.get(jobId);
    }

    @Override
    public void close() {
        Stream<String> open = lines;
        if (open != null) {
            open.close();
        }
        reader.interrupt();
    }
}
