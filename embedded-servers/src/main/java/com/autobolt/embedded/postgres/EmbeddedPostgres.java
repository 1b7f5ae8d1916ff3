package com.autobolt.embedded.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server process from the Maven-provided binaries, with logical WAL, started with
 * {@code initdb} and {@code pg_ctl}. PostgreSQL refuses to run as root; as root the commands run
 * in a fresh user namespace ({@code unshare -U}), where they are not root.
 */
public final class EmbeddedPostgres {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final String USER = "postgres";

    private final Path binaries;
    private final Options options;
    private final int port;
    private volatile boolean running;

    /**
     * @param dataDirectory where the cluster lives; created with {@code initdb} when empty
     * @param port the TCP port, 0 for any free one
     * @param deleteOnStop whether the data directory goes away with the server (tests) or stays (local stack)
     * @param durable whether to keep fsync on; tests turn it off for speed
     * @param serverSettings more {@code -c name=value} settings of the server (they win over this class's)
     */
    public record Options(
            Path dataDirectory, int port, boolean deleteOnStop, boolean durable, Map<String, String> serverSettings) {

        public Options {
            serverSettings = Map.copyOf(serverSettings);
        }

        public Options(Path dataDirectory, int port, boolean deleteOnStop, boolean durable) {
            this(dataDirectory, port, deleteOnStop, durable, Map.of());
        }

        /** A throw-away cluster: a new temporary directory, any free port, deleted on stop, fsync off. */
        public static Options temporary() {
            try {
                return new Options(Files.createTempDirectory("autobolt-pg-"), 0, true, false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private EmbeddedPostgres(Path binaries, Options options, int port) {
        this.binaries = binaries;
        this.options = options;
        this.port = port;
    }

    public static EmbeddedPostgres start(Options options) {
        EmbeddedPostgres server = new EmbeddedPostgres(
                PostgresBinaries.installed(), options, options.port() == 0 ? freePort() : options.port());
        server.initializeIfEmpty();
        server.startServer();
        return server;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String username() {
        return USER;
    }

    public String password() {
        return "";
    }

    public String maintenanceDatabase() {
        return "postgres";
    }

    public Path dataDirectory() {
        return options.dataDirectory().resolve("data");
    }

    private void initializeIfEmpty() {
        if (Files.exists(dataDirectory().resolve("PG_VERSION"))) {
            return;
        }
        run(List.of(
                bin("initdb"),
                "-D",
                dataDirectory().toString(),
                "-U",
                USER,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync"));
        requirePasswordsOfOtherRoles();
    }

    /**
     * The administrator ({@value #USER}) keeps passwordless access; every other role must give its
     * password (SCRAM), as in production, so a service handed the wrong credentials fails here too.
     */
    private void requirePasswordsOfOtherRoles() {
        String rules = String.join(
                "\n",
                "# Written by EmbeddedPostgres: the administrator is trusted, every other role gives its password.",
                "local all " + USER + " trust",
                "host  all " + USER + " 127.0.0.1/32 trust",
                "local all all scram-sha-256",
                "host  all all 127.0.0.1/32 scram-sha-256",
                "");
        try {
            Files.writeString(dataDirectory().resolve("pg_hba.conf"), rules);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startServer() {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("port", String.valueOf(port));
        settings.put("listen_addresses", "127.0.0.1");
        settings.put("unix_socket_directories", options.dataDirectory().toString());
        settings.put("wal_level", "logical");
        settings.put("max_replication_slots", "40");
        settings.put("max_wal_senders", "40");
        settings.put("max_connections", "300");
        if (!options.durable()) {
            settings.put("fsync", "off");
            settings.put("synchronous_commit", "off");
            settings.put("full_page_writes", "off");
        }
        settings.putAll(options.serverSettings());
        StringBuilder serverOptions = new StringBuilder();
        settings.forEach(
                (k, v) -> serverOptions.append(" -c ").append(k).append('=').append(v));
        run(List.of(
                bin("pg_ctl"),
                "-D",
                dataDirectory().toString(),
                "-o",
                serverOptions.toString().trim(),
                "-l",
                options.dataDirectory().resolve("postgres.log").toString(),
                "-w",
                "-t",
                "60",
                "start"));
        running = true;
        log.info("embedded PostgreSQL started on port {} with data in {}", port, dataDirectory());
    }

    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        run(List.of(
                bin("pg_ctl"),
                "-D",
                dataDirectory().toString(),
                "-m",
                options.deleteOnStop() ? "immediate" : "fast",
                "-w",
                "stop"));
        if (options.deleteOnStop()) {
            PostgresBinaries.deleteTree(options.dataDirectory());
        }
    }

    /**
     * Stops the server as a crash would ({@code pg_ctl stop -m immediate}: no checkpoint, every
     * connection cut, crash recovery at the next start) and starts it again on the same data and port.
     */
    public synchronized void restartImmediately() {
        if (!running) {
            throw new IllegalStateException("PostgreSQL is not running");
        }
        running = false;
        run(List.of(bin("pg_ctl"), "-D", dataDirectory().toString(), "-m", "immediate", "-w", "stop"));
        startServer();
    }

    private String bin(String name) {
        return binaries.resolve("bin").resolve(name).toString();
    }

    private void run(List<String> command) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("unshare", "-U"));
        }
        full.addAll(command);
        try {
            Path output = Files.createTempFile("autobolt-pg-cmd-", ".log");
            Process process = new ProcessBuilder(full)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", full));
            }
            String printed = Files.readString(output);
            Files.deleteIfExists(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("PostgreSQL command failed (exit " + process.exitValue() + "): "
                        + String.join(" ", full) + "\n" + printed + serverLog());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", full), e);
        }
    }

    private String serverLog() {
        Path logFile = options.dataDirectory().resolve("postgres.log");
        try {
            return Files.exists(logFile) ? "\nserver log:\n" + Files.readString(logFile) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
