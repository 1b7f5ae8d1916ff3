package com.autobolt.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.api.support.DatabaseRoleProperties;
import com.autobolt.testinfra.TestInfrastructure;
import com.autobolt.testinfra.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest
class JobApiApplicationIT {

    private static final TestDatabase DATABASE = TestInfrastructure.postgres().createDatabase();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DatabaseRoleProperties.of(DATABASE).forEach((key, value) -> registry.add(key, () -> value));
        // The change stream has its own integration tests (com.autobolt.api.cdc).
        registry.add("autobolt.cdc.enabled", () -> "false");
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shouldStartAndMigrateTheSchemaOnARealDatabase() throws SQLException {
        try (Connection administrator = DATABASE.connect();
                ResultSet migrations = administrator
                        .createStatement()
                        .executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
            migrations.next();
            assertThat(migrations.getInt(1)).isPositive();
        }
        // The application's own role reads its tables.
        assertThat(jdbc.queryForObject("SELECT count(*) FROM jobs", Integer.class))
                .isZero();
        assertThat(jdbc.queryForObject("SHOW wal_level", String.class)).isEqualTo("logical");
    }
}
