package com.autobolt.projector;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.projector.progress.ProjectorHarness;
import com.autobolt.testinfra.TestInfrastructure;
import com.autobolt.testinfra.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest
class ProgressProjectorApplicationIT {

    private static final TestDatabase DATABASE = TestInfrastructure.postgres().createDatabase();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ProjectorHarness.migrate(DATABASE);
        registry.add("spring.datasource.url", DATABASE::jdbcUrl);
        registry.add(
                "spring.datasource.username", () -> DATABASE.roles().projector().username());
        registry.add(
                "spring.datasource.password", () -> DATABASE.roles().projector().password());
        registry.add(
                "autobolt.kafka.bootstrap-servers",
                () -> TestInfrastructure.kafka().bootstrapServers());
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shouldStartAgainstTheSchemaThatJobApiOwns() {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM job_results", Integer.class))
                .isZero();
    }
}
