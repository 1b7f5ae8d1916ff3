package com.autobolt.projector.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;

class BatchFailuresTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "22P05", // unsupported Unicode escape sequence (\\u0000 in jsonb)
                "22021", // invalid byte sequence for encoding UTF8: 0x00
                "22001", // value too long
                "22008", // timestamp out of range
                "23514", // check violation
                "23503", // foreign key violation
                "23505", // unique violation
                "23502" // not-null violation
            })
    void shouldSplitTheBatchWhenPostgresRefusesTheData(String state) {
        SQLException refused = serverError(state, "refused", null, null);

        assertThat(refusal(translated(refused))).isSameAs(refused);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "08006", // connection failure
                "08003", // connection does not exist
                "08001", // unable to connect
                "40001", // serialization failure
                "40P01", // deadlock
                "55P03", // lock not available (lock_timeout)
                "57014", // statement timeout / query cancelled
                "57P01", // terminated by the administrator
                "57P03", // cannot connect now (starting or shutting down)
                "53300", // too many connections
                "53100", // disk full
                "42P01", // undefined table: a bug or a missing migration, not the record's fault
                "XX000" // internal error
            })
    void shouldRetryTheBatchForAnyOtherState(String state) {
        assertThat(refusal(translated(serverError(state, "failed", null, null))))
                .isNull();
    }

    @Test
    void shouldRetryFailuresThatAreNotFromPostgres() {
        assertThat(refusal(new IllegalStateException("could not dead-letter 3 records")))
                .isNull();
        assertThat(refusal(new org.apache.kafka.common.errors.TimeoutException("broker")))
                .isNull();
        assertThat(refusal(new CannotGetJdbcConnectionException(
                        "pool", new SQLTransientConnectionException("Connection is not available"))))
                .isNull();
    }

    @Test
    void shouldLookPastWrappersWithoutAState() {
        PSQLException lost = new PSQLException("An I/O error occurred", PSQLState.CONNECTION_FAILURE);
        PSQLException zeroByte =
                new PSQLException("Zero bytes may not occur in string parameters.", PSQLState.INVALID_PARAMETER_VALUE);

        assertThat(refusal(new CannotGetJdbcConnectionException(
                        "pool", new SQLTransientConnectionException("timed out", null, lost))))
                .isNull();
        assertThat(refusal(new UncategorizedSQLException(
                        "insert", "INSERT …", new SQLException("wrapper", null, zeroByte))))
                .isSameAs(zeroByte);
    }

    @Test
    void shouldDescribeARefusalWithoutTheValueAndExplainItWithoutTheDetail() {
        SQLException refused = serverError(
                "23514",
                "new row for relation \"job_results\" violates check constraint \"job_results_listing_url_check\"",
                "Failing row contains (site text).",
                "job_results_listing_url_check");

        assertThat(BatchFailures.describe(refused))
                .isEqualTo("PostgreSQL refused it with SQLState 23514, constraint job_results_listing_url_check");
        assertThat(BatchFailures.explain(refused))
                .startsWith(BatchFailures.describe(refused) + ": new row for relation \"job_results\"")
                .doesNotContain("site text");
    }

    /** As an Object: an SQLException is also an Iterable, which makes AssertJ's assertThat ambiguous. */
    private static Object refusal(Throwable failure) {
        return BatchFailures.rejectedData(failure);
    }

    private static DataIntegrityViolationException translated(SQLException e) {
        return new DataIntegrityViolationException("PreparedStatementCallback; SQL [INSERT …]", e);
    }

    /** An error as PostgreSQL sends it (severity, state, message, detail, constraint fields). */
    private static PSQLException serverError(String state, String message, String detail, String constraint) {
        StringBuilder fields = new StringBuilder("SERROR\0C")
                .append(state)
                .append("\0M")
                .append(message)
                .append('\0');
        if (detail != null) {
            fields.append('D').append(detail).append('\0');
        }
        if (constraint != null) {
            fields.append('n').append(constraint).append('\0');
        }
        return new PSQLException(new ServerErrorMessage(fields.toString()));
    }
}
