package com.autobolt.testinfra.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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
        try (Connection admin = DriverManager.getConnection(jdbcUrl(maintenanceDatabase()), username(), password());
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
        return new TestDatabase(name, jdbcUrl(name), username(), password());
    }

    void stop();
}
