package com.autobolt.legacy.source;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the legacy tables, whole, from the source database's search path (a JDBC URL's
 * {@code currentSchema} chooses the schema). Read-only: the connection is set read-only and the
 * rows are read in one repeatable-read transaction, so the six tables are read as of one moment.
 */
public final class LegacyTables {

    private LegacyTables() {}

    public static LegacySnapshot read(Connection source) throws SQLException {
        source.setReadOnly(true);
        source.setAutoCommit(false);
        source.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            Map<LegacyTable, List<LegacyRow>> rows = new EnumMap<>(LegacyTable.class);
            for (LegacyTable table : LegacyTable.values()) {
                rows.put(table, readTable(source, table));
            }
            return new LegacySnapshot(rows);
        } finally {
            source.rollback();
        }
    }

    private static List<LegacyRow> readTable(Connection source, LegacyTable table) throws SQLException {
        List<LegacyRow> rows = new ArrayList<>();
        try (Statement statement = source.createStatement();
                ResultSet result =
                        statement.executeQuery("SELECT * FROM " + table.tableName() + " ORDER BY id::text")) {
            ResultSetMetaData metadata = result.getMetaData();
            while (result.next()) {
                Map<String, Object> columns = new LinkedHashMap<>();
                for (int i = 1; i <= metadata.getColumnCount(); i++) {
                    columns.put(metadata.getColumnLabel(i), valueOf(result, i, metadata.getColumnTypeName(i)));
                }
                Object key = columns.get("id");
                if (key == null) {
                    throw new SQLException(table.tableName() + " has a row without id");
                }
                rows.add(new LegacyRow(table, key.toString(), columns));
            }
        } catch (SQLException e) {
            throw new SQLException("could not read the legacy table " + table.tableName() + ": " + e.getMessage(), e);
        }
        return rows;
    }

    private static Object valueOf(ResultSet result, int index, String type) throws SQLException {
        return switch (type) {
            case "timestamptz" -> {
                OffsetDateTime value = result.getObject(index, OffsetDateTime.class);
                yield value == null ? null : value.toInstant();
            }
            case "int2", "int4", "int8", "serial", "bigserial" -> {
                long value = result.getLong(index);
                yield result.wasNull() ? null : value;
            }
            case "bool" -> {
                boolean value = result.getBoolean(index);
                yield result.wasNull() ? null : value;
            }
            case "numeric" -> result.getBigDecimal(index);
            // uuid, text, varchar, json, jsonb, arrays: as text
            default -> result.getString(index);
        };
    }
}
