package com.autobolt.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service of the stack as its own JVM process, with its output in its own log file. It runs in
 * its own session ({@code setsid}), so Ctrl-C reaches only the launcher, which stops the services in
 * order.
 */
final class ServiceProcess {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(40);

    private final String name;
    private final Process process;
    private final Path logFile;
    private volatile boolean stopping;

    private ServiceProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    static ServiceProcess start(
            String name, List<String> javaArguments, Map<String, String> environment, Path logFile) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaArguments);
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(environment);
            ServiceProcess service = new ServiceProcess(name, builder.start(), logFile);
            service.process.onExit().thenAccept(p -> {
                if (!service.stopping) {
                    System.err.println(name + " exited on its own (exit code " + p.exitValue() + "); see " + logFile);
                }
            });
            return service;
        } catch (IOException e) {
            throw new StackException("could not start " + name + ": " + e.getMessage(), e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path logFile() {
        return logFile;
    }

    /** Waits until {@code healthUrl} answers 200 with status UP, or fails naming the log to read. */
    void awaitHealthy(String healthUrl, Duration timeout) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new StackException(
                        name + " exited during start (exit code " + process.exitValue() + "); see " + logFile);
            }
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(healthUrl))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while waiting for " + name);
            }
            pause();
        }
        throw new StackException(name + " did not become healthy within " + timeout.toSeconds() + " s (" + healthUrl
                + "); see " + logFile);
    }

    /** Asks the process to stop (SIGTERM), waits, and kills it if it does not stop in time. */
    void stop() {
        stopAll(List.of(this));
    }

    /**
     * Asks every one of the processes to stop at once, then waits for each, killing those that do not
     * stop in time. The nodes of a Kafka quorum stop together: one by one, the last ones would wait for a
     * quorum that the first ones took away.
     */
    static void stopAll(List<ServiceProcess> services) {
        for (ServiceProcess service : services) {
            service.stopping = true;
            if (service.process.isAlive()) {
                service.process.descendants().forEach(ProcessHandle::destroy);
                service.process.destroy();
            }
        }
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (ServiceProcess service : services) {
            service.awaitStopped(deadline);
        }
    }

    private void awaitStopped(long deadline) {
        try {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!process.waitFor(left, TimeUnit.NANOSECONDS)) {
                System.err.println(name + " did not stop within " + STOP_TIMEOUT.toSeconds() + " s; killing it");
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Kills the process at once (SIGKILL), as a crash or the OOM killer would: for tests of recovery. */
    void kill() {
        stopping = true;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
