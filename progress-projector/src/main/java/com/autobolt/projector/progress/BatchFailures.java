package com.autobolt.projector.progress;

import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Whether a failed batch is worth retrying as it is. This is the one place that decides it.
 *
 * <p>PostgreSQL refusing the data itself, SQLState class 22 (data exception: a NUL byte, an
 * unsupported Unicode escape in {@code jsonb}, a value out of range) or class 23 (integrity
 * constraint violation: a CHECK, a foreign key), fails the same rows the same way on every retry,
 * so the batch is split until the records at fault are found and set aside ({@link
 * ResultProjection}).
 *
 * <p>Everything else is retried: the transient failures (connection lost, class 08; serialization
 * failure 40001; deadlock 40P01; lock timeout 55P03; statement timeout or cancel 57014; the server
 * shutting down, 57P01–57P03; insufficient resources, class 53), errors without an SQLState (the
 * pool, the network, Kafka), and states not listed here (a bug in a statement, say): setting records
 * aside for a failure that is not theirs would lose results, while retrying only waits, with health
 * DOWN naming the reason, until the cause is fixed.
 */
final class BatchFailures {

    private static final int MAX_SERVER_MESSAGE = 300;

    private BatchFailures() {}

    /**
     * The SQLException by which PostgreSQL refused the batch's data (split the batch), or null when
     * {@code failure} is anything else (retry it).
     */
    static SQLException rejectedData(Throwable failure) {
        SQLException sql = sqlCause(failure);
        if (sql == null) {
            return null;
        }
        String state = sql.getSQLState();
        return state.startsWith("22") || state.startsWith("23") ? sql : null;
    }

    /** The first SQLException with an SQLState among {@code failure} and its causes. */
    private static SQLException sqlCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql;
            }
        }
        return null;
    }

    /**
     * The SQLState and, when PostgreSQL names them, the constraint and column: no value from the
     * record, so it can be stored in the row and shown to customers' staff.
     */
    static String describe(SQLException rejection) {
        StringBuilder description =
                new StringBuilder("PostgreSQL refused it with SQLState ").append(rejection.getSQLState());
        ServerErrorMessage server = serverMessage(rejection);
        if (server != null && server.getConstraint() != null) {
            description.append(", constraint ").append(server.getConstraint());
        }
        if (server != null && server.getColumn() != null) {
            description.append(", column ").append(server.getColumn());
        }
        return description.toString();
    }

    /**
     * {@link #describe} and PostgreSQL's own short message (without its detail, which may quote the
     * value), bounded: for the dead-letter header and the log, read by operators.
     */
    static String explain(SQLException rejection) {
        ServerErrorMessage server = serverMessage(rejection);
        String message = server != null ? server.getMessage() : rejection.getMessage();
        if (message == null) {
            return describe(rejection);
        }
        String line = message.lines().findFirst().orElse("");
        if (line.length() > MAX_SERVER_MESSAGE) {
            line = line.substring(0, MAX_SERVER_MESSAGE) + "…";
        }
        return describe(rejection) + ": " + line;
    }

    private static ServerErrorMessage serverMessage(SQLException rejection) {
        return rejection instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
    }
}
