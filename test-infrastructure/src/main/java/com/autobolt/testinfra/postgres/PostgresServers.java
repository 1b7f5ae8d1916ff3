package com.autobolt.testinfra.postgres;

import com.autobolt.embedded.postgres.DatabaseRoles;
import com.autobolt.embedded.postgres.EmbeddedPostgres;
import com.autobolt.testinfra.InfrastructureMode;
import com.autobolt.testinfra.Settings;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** Starts (or finds) the PostgreSQL of a test JVM and stops it when the JVM exits. */
public final class PostgresServers {

    private static final Logger log = LoggerFactory.getLogger(PostgresServers.class);

    private PostgresServers() {}

    public static PostgresServer start(InfrastructureMode mode) {
        PostgresServer server = switch (mode) {
            case EXTERNAL -> external();
            case TESTCONTAINERS -> container();
            case EMBEDDED -> embedded();
        };
        log.info("PostgreSQL for tests ({}) at {}:{}", mode, server.host(), server.port());
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "postgres-shutdown"));
        return server;
    }

    /**
     * AutoBolt's roles, with new passwords. On an external server shared by several test runs at once,
     * the last run's passwords win: give each run a server of its own.
     */
    private static DatabaseRoles createRoles(String host, int port, String user, String password, String database) {
        String url = "jdbc:postgresql://" + host + ":" + port + "/" + database;
        try (Connection admin = DriverManager.getConnection(url, user, password)) {
            return DatabaseRoles.createWithNewPasswords(admin);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "could not create AutoBolt's roles (deploy/postgres/roles.sql) as " + user
                            + "; the test user needs CREATEROLE (or superuser)",
                    e);
        }
    }

    private static PostgresServer embedded() {
        EmbeddedPostgres postgres = EmbeddedPostgres.start(EmbeddedPostgres.Options.temporary());
        return new StaticServer(
                postgres.host(),
                postgres.port(),
                postgres.username(),
                postgres.password(),
                postgres.maintenanceDatabase(),
                createRoles(
                        postgres.host(),
                        postgres.port(),
                        postgres.username(),
                        postgres.password(),
                        postgres.maintenanceDatabase()),
                postgres::stop);
    }

    private static PostgresServer external() {
        URI uri = URI.create(Settings.get("AUTOBOLT_TEST_POSTGRES_URL").replaceFirst("^jdbc:", ""));
        String database = uri.getPath() == null || uri.getPath().length() <= 1
                ? "postgres"
                : uri.getPath().substring(1);
        String user = Settings.getOrDefault("AUTOBOLT_TEST_POSTGRES_USER", "postgres");
        String password = Settings.getOrDefault("AUTOBOLT_TEST_POSTGRES_PASSWORD", "");
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        return new StaticServer(
                uri.getHost(),
                port,
                user,
                password,
                database,
                createRoles(uri.getHost(), port, user, password, database),
                () -> {});
    }

    private static PostgresServer container() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine")
                .withCommand(
                        "postgres",
                        "-c",
                        "wal_level=logical",
                        "-c",
                        "max_replication_slots=40",
                        "-c",
                        "max_wal_senders=40",
                        "-c",
                        "fsync=off",
                        "-c",
                        "max_connections=300");
        container.start();
        return new StaticServer(
                container.getHost(),
                container.getMappedPort(5432),
                container.getUsername(),
                container.getPassword(),
                container.getDatabaseName(),
                createRoles(
                        container.getHost(),
                        container.getMappedPort(5432),
                        container.getUsername(),
                        container.getPassword(),
                        container.getDatabaseName()),
                container::stop);
    }

    private record StaticServer(
            String host,
            int port,
            String username,
            String password,
            String maintenanceDatabase,
            DatabaseRoles roles,
            Runnable stopper)
            implements PostgresServer {

        @Override
        public void stop() {
            stopper.run();
        }
    }
}
