package com.autobolt.stack.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Prometheus's own checker ({@code promtool}, Debian's package {@code prometheus}) accepts the alert
 * rules and the example configuration of {@code deploy/observability}. Missing, the test fails in CI
 * and is skipped elsewhere ({@link ObservabilityFiles#requireBinary}).
 */
class PromtoolTest {

    @Test
    void shouldAcceptTheAlertRules() throws Exception {
        Path promtool = ObservabilityFiles.requireBinary("promtool");

        String output = run(promtool, "check", "rules", ObservabilityFiles.RULES.toString());

        assertThat(output).contains("SUCCESS: " + ObservabilityFiles.rules().size() + " rules found");
    }

    @Test
    void shouldAcceptTheExampleConfigurationWithItsRules(@TempDir Path directory) throws Exception {
        Path promtool = ObservabilityFiles.requireBinary("promtool");
        // promtool checks that the files the configuration names exist: the rules beside it, as in the
        // repository, and the admin key's file, which the operator provides.
        Path config = Files.copy(ObservabilityFiles.PROMETHEUS_CONFIG, directory.resolve("prometheus.yml"));
        Files.copy(ObservabilityFiles.RULES, directory.resolve("alert-rules.yml"));
        for (String credentials : credentialFiles()) {
            assertThat(Path.of(credentials).isAbsolute())
                    .as("the admin key's file is relative to the configuration: %s", credentials)
                    .isFalse();
            Files.writeString(directory.resolve(credentials), "an-admin-key\n");
        }

        String output = run(promtool, "check", "config", config.toString());

        assertThat(output).contains("is valid prometheus config file syntax").contains("SUCCESS: 1 rule files found");
    }

    @SuppressWarnings("unchecked")
    private static List<String> credentialFiles() {
        Map<String, Object> config = new Yaml().load(Repository.read(ObservabilityFiles.PROMETHEUS_CONFIG));
        List<String> files = new ArrayList<>();
        for (Object scrape : Repository.list(config, "scrape_configs")) {
            String file = Repository.string(Repository.map(scrape, "authorization"), "credentials_file");
            if (file != null) {
                files.add(file);
            }
        }
        assertThat(files)
                .as("job-api is scraped with the admin key from a file")
                .hasSize(1);
        return files;
    }

    /** Runs the command; fails, with its output, unless it exits 0 within a minute. */
    private static String run(Path executable, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).as("%s ends", command).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s: %s", command, text).isZero();
        return text;
    }
}
