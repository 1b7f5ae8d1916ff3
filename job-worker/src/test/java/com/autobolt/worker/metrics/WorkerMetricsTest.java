package com.autobolt.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WorkerMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void shouldTagTheFirstDirectoriesByIdAndTheRestAsOther() {
        WorkerMetrics metrics = new WorkerMetrics(registry, 3);

        IntStream.range(0, 10).forEach(i -> metrics.taskClaimed("dir-" + i));
        metrics.taskClaimed("dir-0");

        Set<String> tags = new HashSet<>();
        registry.find("autobolt.worker.tasks.claimed")
                .counters()
                .forEach(c -> tags.add(c.getId().getTag("directory")));
        assertThat(tags).containsExactlyInAnyOrder("dir-0", "dir-1", "dir-2", WorkerMetrics.OTHER);
        assertThat(registry.get("autobolt.worker.tasks.claimed")
                        .tag("directory", "dir-0")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("autobolt.worker.tasks.claimed")
                        .tag("directory", WorkerMetrics.OTHER)
                        .counter()
                        .count())
                .isEqualTo(7);
    }

    @Test
    void shouldNotLetADirectoryNamedOtherTakeATag() {
        WorkerMetrics metrics = new WorkerMetrics(registry, 3);

        assertThat(metrics.directoryTag(WorkerMetrics.OTHER)).isEqualTo(WorkerMetrics.OTHER);
        assertThat(metrics.directoryTag("a")).isEqualTo("a");
    }

    @Test
    void shouldRefuseABoundBelowOne() {
        assertThatThrownBy(() -> new WorkerMetrics(registry, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldBoundTheErrorCodeTag() {
        assertThat(ErrorCodeKinds.of(null)).isEqualTo("none");
        assertThat(ErrorCodeKinds.of("timeout")).isEqualTo("timeout");
        assertThat(ErrorCodeKinds.of("http_429")).isEqualTo("http_429");
        assertThat(ErrorCodeKinds.of("http_404")).isEqualTo("http_4xx");
        assertThat(ErrorCodeKinds.of("http_503")).isEqualTo("http_5xx");
        assertThat(ErrorCodeKinds.of("http_302")).isEqualTo("http_other");
        assertThat(ErrorCodeKinds.of("something the site said")).isEqualTo("other");
        Set<String> kinds = new HashSet<>();
        IntStream.range(100, 1000).forEach(status -> kinds.add(ErrorCodeKinds.of("http_" + status)));
        ErrorCodeKinds.KNOWN.forEach(code -> kinds.add(ErrorCodeKinds.of(code)));
        kinds.add(ErrorCodeKinds.of(null));
        kinds.add(ErrorCodeKinds.of("x"));
        assertThat(kinds).hasSize(ErrorCodeKinds.KINDS);
    }
}
