package com.autobolt.api.cdc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The right to stream: a session-level PostgreSQL advisory lock, named after the replication slot,
 * held on a dedicated connection. PostgreSQL releases it when the session ends, so a crashed or
 * killed instance loses it at once and a standby can take over.
 */
final class LeadershipLock implements AutoCloseable {

    // Keys the lock by slot name, so instances streaming different slots do not block each other.
    private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(hashtextextended(?, 20261128))";
    private static final String UNLOCK = "SELECT pg_advisory_unlock(hashtextextended(?, 20261128))";

    private final Connection connection;
    private final String name;
    private boolean held;

    private LeadershipLock(Connection connection, String name) {
        this.connection = connection;
        this.name = "autobolt-cdc:" + name;
    }

    /** Opens the dedicated connection; throws when the database cannot be reached. */
    static LeadershipLock connect(DatabaseCoordinates database, String slotName) throws SQLException {
        Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        connection.setAutoCommit(true);
        return new LeadershipLock(connection, slotName);
    }

    boolean tryAcquire() throws SQLException {
        if (held) {
            return true;
        }
        try (PreparedStatement statement = connection.prepareStatement(TRY_LOCK)) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                held = result.next() && result.getBoolean(1);
            }
        }
        return held;
    }

    /** Whether the session that holds the lock is still alive. */
    boolean isHeld() {
        try {
            return held && connection.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    boolean isConnected() {
        try {
            return connection.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    void release() {
        if (!held) {
            return;
        }
        held = false;
        try (PreparedStatement statement = connection.prepareStatement(UNLOCK)) {
            statement.setString(1, name);
            statement.execute();
        } catch (SQLException e) {
            // The session is gone, and with it the lock.
        }
    }

    @Override
    public void close() {
        release();
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing a broken connection: nothing left to release.
        }
    }
}
