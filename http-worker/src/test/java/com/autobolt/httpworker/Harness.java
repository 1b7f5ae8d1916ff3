package com.autobolt.httpworker;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A worker loop against a {@link ContractServer}, with its log kept and its waits recorded, not slept. */
final class Harness {

    static final String KEY = "worker-key-for-the-tests-0123456789";

    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final Log log = new Log(new PrintStream(logBytes, true, StandardCharsets.UTF_8));
    final List<Duration> waits = new ArrayList<>();
    final LeaseClient client;
    private WorkerLoop loop;

    Harness(ContractServer server) {
        client = new LeaseClient(server.baseUrl(), KEY, http);
    }

    /** A loop that stops at its {@code stopAfterWaits}-th wait (recorded, not slept). */
    WorkerLoop loop(TaskWorker worker, int maxTasks, int stopAfterWaits) {
        loop = new WorkerLoop(client, worker, maxTasks, log, duration -> {
            waits.add(duration);
            if (waits.size() >= stopAfterWaits) {
                loop.stop();
            }
        });
        return loop;
    }

    String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }
}
