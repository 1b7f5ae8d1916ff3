package com.autobolt.testinfra.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** One test's own database on the shared server. */
public record TestDatabase(String name, String jdbcUrl, String username, String password) {

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, username, password);
    }

    /** Spring Boot properties that point a test application context at this database. */
    public String[] springProperties() {
        return new String[] {
            "spring.datasource.url=" + jdbcUrl,
            "spring.datasource.username=" + username,
            "spring.datasource.password=" + password
        };
    }
}
