package com.autobolt.api.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.autobolt.schemas.JobStatus;
import com.autobolt.schemas.ResultStatus;
import com.autobolt.testinfra.TestInfrastructure;
import com.autobolt.testinfra.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Flyway migrations on a real PostgreSQL: they apply, re-apply as a no-op, and enforce the vocabulary. */
class DatabaseSchemaIT {

    private TestDatabase database;

    @BeforeEach
    void migrateAFreshDatabase() {
        database = TestInfrastructure.postgres().createDatabase();
        MigrateResult first = flyway().migrate();
        assertThat(first.success).isTrue();
        assertThat(first.migrationsExecuted).isPositive();
    }

    @Test
    void shouldApplyAgainAsANoOp() {
        MigrateResult second = flyway().migrate();

        assertThat(second.migrationsExecuted).isZero();
        assertThat(flyway().validateWithResult().validationSuccessful).isTrue();
    }

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void shouldAcceptEveryJobStatusOfTheVocabulary(JobStatus status) throws SQLException {
        UUID job = insertJob("'" + status.value() + "'");

        assertThat(query("SELECT status FROM jobs WHERE id = '" + job + "'")).containsExactly(status.value());
    }

    @Test
    void shouldRejectAJobStatusOutsideTheVocabulary() {
        for (String legacy : List.of("completed", "paused", "in-progress", "")) {
            assertThatThrownBy(() -> insertJob("'" + legacy + "'"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("jobs_status_check");
        }
    }

    @ParameterizedTest
    @EnumSource(ResultStatus.class)
    void shouldAcceptEveryResultStatusOfTheVocabulary(ResultStatus status) throws SQLException {
        UUID job = insertJob("'pending'");

        execute("INSERT INTO job_results (job_id, directory_id, status, attempt) VALUES ('" + job + "', 'dir-a', '"
                + status.value() + "', 1)");

        assertThat(query("SELECT status FROM job_results WHERE job_id = '" + job + "'"))
                .containsExactly(status.value());
    }

    @Test
    void shouldRejectAResultStatusOutsideTheVocabulary() throws SQLException {
        UUID job = insertJob("'pending'");

        assertThatThrownBy(() -> execute("INSERT INTO job_results (job_id, directory_id, status, attempt) VALUES ('"
                        + job + "', 'dir-a', 'done', 1)"))
                .hasMessageContaining("job_results_status_check");
    }

    @Test
    void shouldKeepOneResultRowPerJobAndDirectory() throws SQLException {
        UUID job = insertJob("'pending'");
        String insert = "INSERT INTO job_results (job_id, directory_id, status, attempt) VALUES ('" + job
                + "', 'dir-a', 'pending', 1)";
        execute(insert);

        assertThatThrownBy(() -> execute(insert)).hasMessageContaining("job_results_pkey");
    }

    @Test
    void shouldRejectProgressThatDoesNotAddUp() throws SQLException {
        UUID job = insertJob("'in_progress'");

        assertThatThrownBy(() -> execute("UPDATE jobs SET progress_submitted = 1 WHERE id = '" + job + "'"))
                .hasMessageContaining("jobs_progress_consistent");
        execute("UPDATE jobs SET progress_submitted = 1, progress_done = 1, progress_percent = 50 WHERE id = '" + job
                + "'");
    }

    @Test
    void shouldRejectAPriorityOutsideOneToFive() {
        assertThatThrownBy(() -> insertJob("'pending'", 6)).hasMessageContaining("jobs_priority_check");
    }

    @Test
    void shouldStreamJobsAndDirectoriesWithTheirFullRowImage() throws SQLException {
        assertThat(query("SELECT relname || '=' || relreplident::text FROM pg_class WHERE relname IN "
                        + "('jobs', 'directories', 'customers', 'job_results') ORDER BY relname"))
                .containsExactly("customers=d", "directories=f", "job_results=d", "jobs=f");
    }

    @Test
    void shouldRejectADuplicateCustomerEmailIgnoringCase() throws SQLException {
        insertCustomer("owner@example.com");

        assertThatThrownBy(() -> insertCustomer("Owner@Example.com")).hasMessageContaining("customers_email_key");
    }

    private UUID insertJob(String status) throws SQLException {
        return insertJob(status, 3);
    }

    private UUID insertJob(String status, int priority) throws SQLException {
        UUID customer = insertCustomer(UUID.randomUUID() + "@example.com");
        execute("INSERT INTO directories (id, name, submission_url, submission_method, domain_authority) "
                + "VALUES ('dir-a', 'A', 'http://localhost/a', 'form', 50), ('dir-b', 'B', 'http://localhost/b', 'json', 40) "
                + "ON CONFLICT DO NOTHING");
        UUID job = UUID.randomUUID();
        execute("INSERT INTO jobs (id, customer_id, package_type, directory_count, priority, status, "
                + "planned_directory_ids, dispatch_directory_ids, business_profile, progress_total) VALUES ('" + job
                + "', '" + customer + "', 'starter', 2, " + priority + ", " + status
                + ", '{dir-a,dir-b}', '{dir-a,dir-b}', '{\"businessName\":\"X\",\"email\":\"x@example.com\"}', 2)");
        return job;
    }

    private UUID insertCustomer(String email) throws SQLException {
        UUID id = UUID.randomUUID();
        execute("INSERT INTO customers (id, reference, business_name, email, package_type) VALUES ('" + id
                + "', 'DB-2026-' || lpad(nextval('customer_reference_seq')::text, 6, '0'), 'Harbor Bakery', '" + email
                + "', 'starter')");
        return id;
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private List<String> query(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private Flyway flyway() {
        // As job-api runs them: as the schema's owner, granting to the test server's roles.
        return Flyway.configure()
                .dataSource(
                        database.jdbcUrl(),
                        database.roles().owner().username(),
                        database.roles().owner().password())
                .placeholders(database.flywayPlaceholders())
                .locations("classpath:db/migration")
                .load();
    }
}
