package com.autobolt.testinfra.metrics;

import java.util.Arrays;
import java.util.List;

/**
 * A scrape of {@code /actuator/prometheus} (the Prometheus text format), for tests that check a
 * service's meters: samples are found by metric name and label fragments such as {@code
 * topic="autobolt.public.jobs"}.
 */
public final class PrometheusText {

    private final List<String> samples;

    private PrometheusText(List<String> samples) {
        this.samples = samples;
    }

    public static PrometheusText of(String scrape) {
        return new PrometheusText(scrape.lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .toList());
    }

    /**
     * The sum of the samples of {@code name} that carry every one of {@code labels}.
     *
     * @throws AssertionError when there is none (so that a test waiting for it keeps waiting)
     */
    public double value(String name, String... labels) {
        List<String> matching = samples(name, labels);
        if (matching.isEmpty()) {
            throw new AssertionError("no sample of " + name + " with " + Arrays.toString(labels) + " in the scrape");
        }
        return matching.stream()
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** The sample lines of {@code name} that carry every one of {@code labels}. */
    public List<String> samples(String name, String... labels) {
        return samples.stream()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .toList();
    }

    /** Whether any sample of {@code name} is there, whatever its labels. */
    public boolean has(String name) {
        return !samples(name).isEmpty();
    }
}
