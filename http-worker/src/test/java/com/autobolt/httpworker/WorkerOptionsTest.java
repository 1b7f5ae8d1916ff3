package com.autobolt.httpworker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerOptionsTest {

    @Test
    void shouldReadTheFlags() throws Exception {
        WorkerOptions options = WorkerOptions.parse(
                new String[] {"--key=k-123", "--api=http://127.0.0.1:9090/", "--auto", "--max-tasks=50"},
                Map.<String, String>of()::get);

        assertThat(options.key()).isEqualTo("k-123");
        assertThat(options.api()).hasToString("http://127.0.0.1:9090");
        assertThat(options.auto()).isTrue();
        assertThat(options.maxTasks()).isEqualTo(50);
        assertThat(options.toString()).doesNotContain("k-123");
    }

    @Test
    void shouldTakeTheKeyFromTheEnvironmentAndDefaultTheRest() throws Exception {
        WorkerOptions options = WorkerOptions.parse(new String[0], Map.of(WorkerOptions.KEY_VARIABLE, "from-env")::get);

        assertThat(options.key()).isEqualTo("from-env");
        assertThat(options.api()).hasToString(WorkerOptions.DEFAULT_API);
        assertThat(options.auto()).isFalse();
        assertThat(options.maxTasks()).isEqualTo(10);
    }

    @Test
    void shouldRefuseWhatItCannotUse() {
        Map<String, String> none = Map.of();
        assertThatThrownBy(() -> WorkerOptions.parse(new String[] {"--auto"}, none::get))
                .hasMessageContaining("no worker key");
        assertThatThrownBy(() -> WorkerOptions.parse(new String[] {"--key=k", "--max-tasks=51"}, none::get))
                .hasMessageContaining("--max-tasks must be a number from 1 to 50");
        assertThatThrownBy(() -> WorkerOptions.parse(new String[] {"--key=k", "--max-tasks=x"}, none::get))
                .hasMessageContaining("--max-tasks must be");
        assertThatThrownBy(() -> WorkerOptions.parse(new String[] {"--key=k", "--api=ftp://x"}, none::get))
                .hasMessageContaining("--api must be");
        assertThatThrownBy(() -> WorkerOptions.parse(new String[] {"--key=k", "--fast"}, none::get))
                .hasMessageContaining("unknown argument '--fast'");
    }
}
