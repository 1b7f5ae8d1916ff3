package com.autobolt.testinfra.postgres;

import com.autobolt.embedded.postgres.DatabaseRoles;
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

    /**
     * AutoBolt's roles on this server (deploy/postgres/roles.sql), created when the server started,
     * with passwords of their own: each service under test connects as its own role, as in production.
     */
    DatabaseRoles roles();

    default String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /**
     * A new, empty database of its own, so a test never sees another test's rows; owned by the owner
     * role, as production's is, so that job-api's migrations can run as that role.
     */
    default TestDatabase createDatabase() {
        String name = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        executeAsAdmin("CREATE DATABASE " + name + " OWNER " + roles().owner().username());
        return new TestDatabase(name, jdbcUrl(name), username(), password(), roles());
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
