package com.autobolt.testinfra.postgres;

import com.autobolt.embedded.postgres.DatabaseRoles;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * One test's own database on the shared server. {@code username}/{@code password} are the server's
 * administrator (for fixtures and checks that play another part of the system); {@code roles} are
 * what the services under test connect as (job-api: owner for migrations, api, cdc; projector).
 */
public record TestDatabase(String name, String jdbcUrl, String username, String password, DatabaseRoles roles) {

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, username, password);
    }

    /** A connection as one of AutoBolt's roles, e.g. to check what that role may not do. */
    public Connection connectAs(DatabaseRoles.Credentials role) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, role.username(), role.password());
    }

    /** The role names job-api's migrations grant to (its {@code spring.flyway.placeholders}). */
    public Map<String, String> flywayPlaceholders() {
        return Map.of(
                "api_role", roles.api().username(),
                "cdc_role", roles.cdc().username(),
                "projector_role", roles.projector().username());
    }

    /** Spring Boot properties that point a test application context at this database, as administrator. */
    public String[] springProperties() {
        return new String[] {
            "spring.datasource.url=" + jdbcUrl,
            "spring.datasource.username=" + username,
            "spring.datasource.password=" + password
        };
    }

    @Override
    public String toString() {
        // Never print a password.
        return "TestDatabase[" + name + "]";
    }
}
