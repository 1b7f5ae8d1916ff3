package com.autobolt.testinfra.bench;

import com.autobolt.testinfra.RepositoryRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Writes {@code bench/results/<benchmark>.json} at the repository root:
 * {@code {"benchmark", "date", "cores", "commit", "figures": {"<name>": {"value", "unit"}}}}.
 */
public final class BenchmarkReport {

    private final String benchmark;
    private final Map<String, Figure> figures = new LinkedHashMap<>();

    private record Figure(double value, String unit) {}

    public BenchmarkReport(String benchmark) {
        this.benchmark = benchmark;
    }

    public BenchmarkReport figure(String name, double value, String unit) {
        figures.put(name, new Figure(value, unit));
        System.out.printf(Locale.ROOT, "%s: %s = %.2f %s%n", benchmark, name, value, unit);
        return this;
    }

    /** Writes the report and returns where it went. */
    public Path write() {
        Path root = RepositoryRoot.find();
        Path file = root.resolve("bench/results/" + benchmark + ".json");
        StringBuilder json = new StringBuilder();
        json.append("{\n  \"benchmark\": \"").append(benchmark).append("\",\n");
        json.append("  \"date\": \"").append(LocalDate.now()).append("\",\n");
        json.append("  \"cores\": ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(",\n");
        json.append("  \"commit\": \"").append(commit(root)).append("\",\n");
        json.append("  \"figures\": {");
        String separator = "\n";
        for (var entry : figures.entrySet()) {
            json.append(separator)
                    .append("    \"")
                    .append(entry.getKey())
                    .append("\": {\"value\": ")
                    .append(String.format(Locale.ROOT, "%.2f", entry.getValue().value()))
                    .append(", \"unit\": \"")
                    .append(entry.getValue().unit())
                    .append("\"}");
            separator = ",\n";
        }
        json.append("\n  }\n}\n");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("wrote " + file);
        return file;
    }

    private static String commit(Path root) {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "HEAD")
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(git.getInputStream().readAllBytes()).trim();
            return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
