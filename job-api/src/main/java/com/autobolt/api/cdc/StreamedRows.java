package com.autobolt.api.cdc;

import com.autobolt.schemas.ChangeOperation;
import com.autobolt.schemas.ChangeSource;
import com.autobolt.schemas.DirectoryState;
import com.autobolt.schemas.JobChanged;
import com.autobolt.schemas.JobState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Rows of the streamed tables read over JDBC ({@code SELECT * FROM jobs ...}), turned into the change
 * stream's event shapes by the stream's own mapping: an event built from a row read now is exactly
 * what the stream publishes for that row. Each method reads the result set's current row; a row the
 * contract rejects throws an {@link IllegalArgumentException} saying why.
 */
public final class StreamedRows {

    private StreamedRows() {}

    /** The job row as a {@code snapshot} change: no {@code before}, the row as {@code after}, as Debezium's snapshot reads. */
    public static JobChanged jobSnapshot(ResultSet jobRow, ChangeSource source) throws SQLException {
        Row row = Row.of(jobRow);
        return mapped(() -> ChangeEventMapper.jobChanged(ChangeOperation.SNAPSHOT, null, row, source));
    }

    public static JobState job(ResultSet jobRow) throws SQLException {
        Row row = Row.of(jobRow);
        return mapped(() -> ChangeEventMapper.jobState(row));
    }

    public static DirectoryState directory(ResultSet directoryRow) throws SQLException {
        Row row = Row.of(directoryRow);
        return mapped(() -> ChangeEventMapper.directoryState(row));
    }

    private static <T> T mapped(Supplier<T> mapping) {
        try {
            return mapping.get();
        } catch (UnmappableChangeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (RuntimeException e) {
            // As in ChangeEventMapper.map: the event records validate themselves.
            throw new IllegalArgumentException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
