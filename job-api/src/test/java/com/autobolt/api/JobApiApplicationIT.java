package com.autobolt.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.testinfra.TestInfrastructure;
import com.autobolt.testinfra.postgres.TestDatabase;
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
        registry.add("spring.datasource.url", DATABASE::jdbcUrl);
        registry.add("spring.datasource.username", DATABASE::username);
        registry.add("spring.datasource.password", DATABASE::password);
        // The change stream has its own integration tests (com.autobolt.api.cdc).
        registry.add("autobolt.cdc.enabled", () -> "false");
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shouldStartAndMigrateTheSchemaOnARealDatabase() {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM flyway_schema_history WHERE success", Integer.class))
                .isPositive();
        assertThat(jdbc.queryForObject("SHOW wal_level", String.class)).isEqualTo("logical");
    }
}
