package com.autobolt.api.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.autobolt.embedded.postgres.DatabaseRoles;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, as the migrations grant it (V7): each role can do what its service does and
 * nothing else; in particular the projector cannot move a job to another customer nor create
 * customers, and job-api's role cannot change the schema. That each service works with its grants
 * is shown by the module's other tests, which run job-api and the projector as these roles.
 */
class DatabaseRolesIT {

    private static final TestDatabase DATABASE = TestInfrastructure.postgres().createDatabase();
    private static final DatabaseRoles ROLES = DATABASE.roles();
    private static UUID customerId;
    private static UUID jobId;
    private static String directoryId;

    @BeforeAll
    static void migrateAndAddAJob() throws SQLException {
        Flyway.configure()
                .dataSource(
                        DATABASE.jdbcUrl(),
                        ROLES.owner().username(),
                        ROLES.owner().password())
                .placeholders(DATABASE.flywayPlaceholders())
                .load()
                .migrate();
        customerId = UUID.randomUUID();
        jobId = UUID.randomUUID();
        directoryId = "dir-" + UUID.randomUUID().toString().substring(0, 8);
        // Written as job-api writes them: job-api's own role may.
        run(
                ROLES.api(),
                "INSERT INTO customers (id, reference, business_name, email, package_type) VALUES ('"
                        + customerId + "', 'DB-2026-"
                        + String.format("%06d", Math.abs(customerId.hashCode() % 1_000_000))
                        + "', 'Harbor Bakery', '" + customerId + "@example.com', 'starter')");
        run(
                ROLES.api(),
                "INSERT INTO directories (id, name, submission_url, submission_method, domain_authority)" + " VALUES ('"
                        + directoryId + "', 'Directory', 'https://d.example/submit', 'form', 40)");
        run(
                ROLES.api(),
                "INSERT INTO jobs (id, customer_id, package_type, directory_count, planned_directory_ids,"
                        + " dispatch_directory_ids, business_profile, progress_total) VALUES ('" + jobId + "', '"
                        + customerId + "', 'starter', 1, ARRAY['" + directoryId + "'], ARRAY['" + directoryId
                        + "'], '{}'::jsonb, 1)");
    }

    @Test
    void theProjectorWritesResultsAndTheProgressOfJobsOnly() throws SQLException {
        run(
                ROLES.projector(),
                "INSERT INTO job_results (job_id, directory_id, status, attempt) VALUES ('" + jobId + "', '"
                        + directoryId + "', 'submitted', 1)");
        run(
                ROLES.projector(),
                "UPDATE jobs SET status = 'complete', progress_submitted = 1, progress_done = 1,"
                        + " progress_percent = 100, completed_at = now(), updated_at = now(), version = version + 1"
                        + " WHERE id = '" + jobId + "'");

        assertRefused(ROLES.projector(), "UPDATE jobs SET customer_id = customer_id WHERE id = '" + jobId + "'");
        assertRefused(ROLES.projector(), "UPDATE jobs SET planned_directory_ids = '{}' WHERE id = '" + jobId + "'");
        assertRefused(ROLES.projector(), "UPDATE jobs SET attempt = 2 WHERE id = '" + jobId + "'");
        assertRefused(ROLES.projector(), "SELECT business_profile FROM jobs");
        assertRefused(ROLES.projector(), "SELECT * FROM customers");
        assertRefused(
                ROLES.projector(),
                "INSERT INTO customers (id, reference, business_name, email, package_type)"
                        + " VALUES (gen_random_uuid(), 'DB-2026-999999', 'X', 'x@example.com', 'starter')");
        assertRefused(ROLES.projector(), "UPDATE directories SET active = false");
        assertRefused(ROLES.projector(), "DELETE FROM job_results");
        assertRefused(ROLES.projector(), "DELETE FROM jobs");
    }

    @Test
    void jobApiCannotChangeTheSchemaNorWriteResults() {
        assertRefused(ROLES.api(), "DROP TABLE job_results");
        assertRefused(ROLES.api(), "ALTER TABLE jobs ADD COLUMN note text");
        assertRefused(ROLES.api(), "ALTER TABLE jobs DROP CONSTRAINT jobs_progress_consistent");
        assertRefused(ROLES.api(), "CREATE TABLE scratch (id int)");
        assertRefused(ROLES.api(), "TRUNCATE customers");
        assertRefused(ROLES.api(), "DELETE FROM customers");
        // It edits a customer's details, never which customer a row is.
        assertRefused(ROLES.api(), "UPDATE customers SET reference = reference");
        assertRefused(ROLES.api(), "UPDATE customers SET created_at = now()");
        // The audit trail is appended to, never rewritten.
        assertRefused(ROLES.api(), "UPDATE audit_log SET actor = 'someone-else'");
        assertRefused(ROLES.api(), "DELETE FROM audit_log");
        assertRefused(
                ROLES.api(),
                "INSERT INTO job_results (job_id, directory_id, status, attempt) VALUES ('" + jobId + "', '"
                        + directoryId + "', 'failed', 1)");
        assertRefused(ROLES.api(), "INSERT INTO cdc_heartbeat (slot_name, beat_at) VALUES ('x', now())");
        assertRefused(ROLES.api(), "SELECT * FROM flyway_schema_history");
    }

    @Test
    void theChangeStreamReadsTheStreamedTablesAndBeatsOnly() throws SQLException {
        run(ROLES.cdc(), "SELECT count(*) FROM jobs");
        run(ROLES.cdc(), "SELECT count(*) FROM directories");
        run(
                ROLES.cdc(),
                "INSERT INTO cdc_heartbeat (slot_name, beat_at) VALUES ('s', now())"
                        + " ON CONFLICT (slot_name) DO UPDATE SET beat_at = EXCLUDED.beat_at");

        assertRefused(ROLES.cdc(), "UPDATE jobs SET status = 'cancelled'");
        assertRefused(ROLES.cdc(), "SELECT * FROM customers");
        assertRefused(ROLES.cdc(), "DROP TABLE cdc_heartbeat");
    }

    /** A table added without a grant would fail at run time only: every table names who may use it. */
    @Test
    void everyTableIsGrantedToOneOfTheServices() throws SQLException {
        List<String> ungranted = new ArrayList<>();
        try (Connection administrator = DATABASE.connect();
                Statement statement = administrator.createStatement();
                ResultSet tables = statement.executeQuery("""
                        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
                          AND c.relname <> 'flyway_schema_history'
                          AND NOT has_table_privilege('%s', c.oid, 'SELECT')
                          AND NOT has_table_privilege('%s', c.oid, 'SELECT')
                          AND NOT has_any_column_privilege('%s', c.oid, 'SELECT')""".formatted(
                                ROLES.api().username(),
                                ROLES.cdc().username(),
                                ROLES.projector().username()))) {
            while (tables.next()) {
                ungranted.add(tables.getString(1));
            }
        }
        assertThat(ungranted).as("tables no service role may read").isEmpty();
    }

    private static void run(DatabaseRoles.Credentials role, String sql) throws SQLException {
        try (Connection connection = DATABASE.connectAs(role);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void assertRefused(DatabaseRoles.Credentials role, String sql) {
        assertThatThrownBy(() -> run(role, sql))
                .as("%s: %s", role.username(), sql)
                .isInstanceOf(SQLException.class)
                .hasMessageMatching("(?s).*(permission denied|must be owner).*");
    }
}
