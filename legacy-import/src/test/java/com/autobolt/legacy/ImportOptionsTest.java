package com.autobolt.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The arguments of ./autobolt import-legacy and the environment it takes AutoBolt's database from. */
class ImportOptionsTest {

    private static final String SOURCE = "jdbc:postgresql://old-host:5432/directorybolt?currentSchema=legacy";
    private static final Map<String, String> ENV = Map.of(
            "AUTOBOLT_DB_URL", "jdbc:postgresql://localhost:5433/autobolt",
            "AUTOBOLT_DB_USER", "autobolt_owner",
            "AUTOBOLT_DB_PASSWORD", "owner-secret");

    @Test
    void shouldReadEveryOption() throws Exception {
        ImportOptions options = ImportOptions.parse(
                List.of(
                        "--source=" + SOURCE,
                        "--user=reader",
                        "--password=s3cr=t",
                        "--dry-run",
                        "--resume",
                        "--create-missing-directories",
                        "--report-json=out/report.json",
                        "--chunk-size=25"),
                ENV);

        assertThat(options.sourceUrl()).isEqualTo(SOURCE);
        assertThat(options.sourceUser()).isEqualTo("reader");
        assertThat(options.sourcePassword()).as("everything after the first =").isEqualTo("s3cr=t");
        assertThat(options.dryRun()).isTrue();
        assertThat(options.resume()).isTrue();
        assertThat(options.createMissingDirectories()).isTrue();
        assertThat(options.reportJson()).isEqualTo(Path.of("out/report.json"));
        assertThat(options.chunkSize()).isEqualTo(25);
        assertThat(options.targetUrl()).isEqualTo("jdbc:postgresql://localhost:5433/autobolt");
        assertThat(options.targetUser()).isEqualTo("autobolt_owner");
        assertThat(options.targetPassword()).isEqualTo("owner-secret");
        assertThat(options.toString()).doesNotContain("s3cr=t", "owner-secret");
    }

    @Test
    void shouldDefaultToARealRunThatHoldsImportedWorkAndTakeCredentialsFromPgEnvironment() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(ENV);
        env.put("PGUSER", "legacy_reader");
        env.put("PGPASSWORD", "from-env");

        ImportOptions options = ImportOptions.parse(List.of("--source=" + SOURCE), env);

        assertThat(options.dryRun()).isFalse();
        assertThat(options.resume()).isFalse();
        assertThat(options.createMissingDirectories()).isFalse();
        assertThat(options.reportJson()).isNull();
        assertThat(options.chunkSize()).isEqualTo(ImportOptions.DEFAULT_CHUNK_SIZE);
        assertThat(options.sourceUser()).isEqualTo("legacy_reader");
        assertThat(options.sourcePassword()).isEqualTo("from-env");
    }

    @Test
    void shouldRefuseUnusableArgumentsSayingWhich() {
        assertRefused(List.of(), ENV, "--source=<jdbc url> is required");
        assertRefused(List.of("--source=mysql://old"), ENV, "must be a PostgreSQL JDBC URL");
        assertRefused(List.of("--source=" + SOURCE, "--resum"), ENV, "unknown argument '--resum'");
        assertRefused(List.of("--source=" + SOURCE, "--chunk-size=0"), ENV, "--chunk-size must be");
        assertRefused(List.of("--source=" + SOURCE, "--chunk-size=many"), ENV, "--chunk-size must be");
        assertRefused(List.of("--source=" + SOURCE, "--report-json="), ENV, "--report-json needs a value");
        assertRefused(List.of("--source=" + SOURCE), Map.of(), "AUTOBOLT_DB_URL is not set");
        assertRefused(
                List.of("--source=" + SOURCE),
                Map.of("AUTOBOLT_DB_URL", "jdbc:postgresql://localhost:5433/autobolt"),
                "AUTOBOLT_DB_USER is not set");
        assertRefused(List.of("--source=" + ENV.get("AUTOBOLT_DB_URL")), ENV, "AutoBolt's own database");
    }

    @Test
    void shouldExitWithUsageAndStatusTwoOnBadArgumentsWithoutConnecting() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ImportLegacyCommand command = new ImportLegacyCommand(
                new PrintStream(OutputStream.nullOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.systemUTC(),
                (chunk, chunks, units) -> {});

        int status = command.run(List.of("--source=" + SOURCE, "--bogus"), ENV);

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("import-legacy: unknown argument '--bogus'", "usage: ./autobolt import-legacy");
    }

    private static void assertRefused(List<String> args, Map<String, String> env, String message) {
        assertThatThrownBy(() -> ImportOptions.parse(args, env))
                .as(args.toString())
                .isInstanceOf(ImportOptions.UsageException.class)
                .hasMessageContaining(message);
    }
}
