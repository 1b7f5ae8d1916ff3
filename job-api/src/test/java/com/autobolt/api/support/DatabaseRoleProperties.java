package com.autobolt.api.support;

import com.autobolt.testinfra.postgres.TestDatabase;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a job-api under test connects to its database: as in production, each kind of access as its
 * own role (the application's DML, the migrations as the schema's owner, the change stream with
 * REPLICATION), never as the test server's administrator.
 */
public final class DatabaseRoleProperties {

    private DatabaseRoleProperties() {}

    public static Map<String, String> of(TestDatabase database) {
        return of(database, database.jdbcUrl());
    }

    /** The same, reaching the database through {@code jdbcUrl} (a proxy, say). */
    public static Map<String, String> of(TestDatabase database, String jdbcUrl) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", jdbcUrl);
        properties.put("spring.datasource.username", database.roles().api().username());
        properties.put("spring.datasource.password", database.roles().api().password());
        properties.put("spring.flyway.user", database.roles().owner().username());
        properties.put("spring.flyway.password", database.roles().owner().password());
        properties.put("autobolt.cdc.database-user", database.roles().cdc().username());
        properties.put("autobolt.cdc.database-password", database.roles().cdc().password());
        return properties;
    }

    /** As command-line arguments ({@code --key=value}). */
    public static String[] arguments(TestDatabase database) {
        return of(database).entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
    }
}
