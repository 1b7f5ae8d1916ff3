package com.autobolt.nemesis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The tries whose answer a job-worker did not hear or could not use, from the workers' own log lines
 * ({@code task <key> try <n> failed (<error code>): trying again ...}, stamped with the machine's clock as
 * the sandbox's records are). The sandbox knows when it answered; only the worker knows whether the answer
 * reached it in time: a worker starved of CPU on the loaded machine (a JVM just restarted, compiling) misses
 * an answer the site sent in 0.2 s, and its retry with the same Idempotency-Key is the design, not a
 * second submission by mistake (seed 2028: two such repeats, 3.2 s apart, the worker's request timeout 3 s).
 */
final class FailedTries {

    private static final Pattern FAILED_TRY = Pattern.compile("^(\\S+Z)\\s.*\\btask (\\S+) try \\d+ failed \\(.*");

    private final Map<String, List<Instant>> byTask;

    private FailedTries(Map<String, List<Instant>> byTask) {
        this.byTask = byTask;
    }

    static FailedTries of(List<String> lines) {
        Map<String, List<Instant>> byTask = new HashMap<>();
        for (String line : lines) {
            parse(line)
                    .ifPresent(failed -> byTask.computeIfAbsent(failed.taskKey(), k -> new ArrayList<>())
                            .add(failed.at()));
        }
        return new FailedTries(byTask);
    }

    /** Every failed try every {@code job-worker-*.log} of the directory records. */
    static FailedTries fromLogs(Path logDirectory) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path file : WorkerLogs.in(logDirectory)) {
            try (Stream<String> fileLines = Files.lines(file, StandardCharsets.UTF_8)) {
                fileLines.filter(line -> line.contains(" try ")).forEach(lines::add);
            }
        }
        return of(lines);
    }

    record FailedTry(Instant at, String taskKey) {}

    static Optional<FailedTry> parse(String line) {
        Matcher matcher = FAILED_TRY.matcher(line);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new FailedTry(Instant.parse(matcher.group(1)), matcher.group(2)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Whether a worker logged a failed try of the task (its key: job, directory, attempt) within the interval. */
    boolean anyOf(String taskKey, Instant from, Instant to) {
        return byTask.getOrDefault(taskKey, List.of()).stream().anyMatch(at -> !at.isBefore(from) && !at.isAfter(to));
    }
}
