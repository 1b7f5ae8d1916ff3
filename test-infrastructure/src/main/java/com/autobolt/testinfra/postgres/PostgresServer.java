package com.autobolt.testinfra.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** A running PostgreSQL with {@code wal_level=logical}, reachable over TCP. */
public interface PostgresServer {

    String host();

    int port();

    /** A superuser (or a user with CREATEDB and REPLICATION), used to create test databases. */
    String username();

    String password();

    /** The database that exists before any test runs. */
    String maintenanceDatabase();

    default String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** A new, empty database of its own, so a test never sees another test's rows. */
    default TestDatabase createDatabase() {
        String name = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        executeAsAdmin("CREATE DATABASE " + name);
        return new TestDatabase(name, jdbcUrl(name), username(), password());
    }

    /**
     * Runs one statement as {@link #username()} on the maintenance database: what only an
     * administrator may do (create databases, end other sessions, drop replication slots).
     */
    default void executeAsAdmin(String sql, Object... parameters) {
        try (Connection admin = DriverManager.getConnection(jdbcUrl(maintenanceDatabase()), username(), password());
                PreparedStatement statement = admin.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("as administrator, could not run: " + sql, e);
        }
    }

    void stop();
}
