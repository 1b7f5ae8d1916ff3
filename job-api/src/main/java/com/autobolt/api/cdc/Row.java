package com.autobolt.api.cdc;

import com.autobolt.schemas.EventJson;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;

/**
 * One side ({@code before} or {@code after}) of a Debezium change record, read column by column in
 * Debezium's default PostgreSQL representation: uuid and jsonb as strings, {@code text[]} as lists,
 * timestamptz as ISO-8601 strings ({@code ZonedTimestamp}).
 *
 * <p>An unchanged TOASTed value that PostgreSQL did not send arrives as Debezium's placeholder; it is
 * then read from {@code fallback}, the row before the change (complete because the streamed tables
 * have {@code REPLICA IDENTITY FULL}).
 *
 * <p>A row read over JDBC ({@link #of(ResultSet)}) is first put into that same representation, so
 * the one mapping in {@link ChangeEventMapper} serves both.
 */
final class Row {

    static final String UNAVAILABLE = "__debezium_unavailable_value";

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {};

    /** What {@link #columns} gives for a column the row does not have (null is a value). */
    private static final Object ABSENT = new Object();

    /** A column's value, or {@link #ABSENT}: one lookup per read, as reads are on the stream's hot path. */
    private final Function<String, Object> columns;

    private final Row fallback;

    private Row(Function<String, Object> columns, Row fallback) {
        this.columns = columns;
        this.fallback = fallback;
    }

    static Row of(Struct values, Row fallback) {
        if (values == null) {
            return null;
        }
        return new Row(
                column -> {
                    Field field = values.schema().field(column);
                    return field == null ? ABSENT : values.get(field);
                },
                fallback);
    }

    /** The current row of {@code result}, read over JDBC, in Debezium's representation. */
    static Row of(ResultSet result) throws SQLException {
        ResultSetMetaData metadata = result.getMetaData();
        Map<String, Object> values = new HashMap<>();
        for (int i = 1; i <= metadata.getColumnCount(); i++) {
            values.put(metadata.getColumnLabel(i), debeziumValue(result, i, metadata.getColumnTypeName(i)));
        }
        return new Row(column -> values.containsKey(column) ? values.get(column) : ABSENT, null);
    }

    /** A JDBC value as Debezium's PostgreSQL connector gives it (see the class comment). */
    private static Object debeziumValue(ResultSet result, int index, String type) throws SQLException {
        return switch (type) {
            case "uuid", "json", "jsonb" -> result.getString(index);
            case "timestamptz" -> {
                OffsetDateTime value = result.getObject(index, OffsetDateTime.class);
                yield value == null ? null : value.toString();
            }
            case "_text" -> {
                Array array = result.getArray(index);
                yield array == null ? null : Arrays.asList((Object[]) array.getArray());
            }
            default -> result.getObject(index);
        };
    }

    String text(String column) {
        Object value = value(column);
        return value == null ? null : value.toString();
    }

    /**
     * A column that a change written before its migration does not have: {@code whenAbsent} then,
     * as for a null value.
     */
    String textOr(String column, String whenAbsent) {
        if (columns.apply(column) == ABSENT) {
            return whenAbsent;
        }
        String value = text(column);
        return value == null ? whenAbsent : value;
    }

    /** As {@link #textOr}, for a boolean column. */
    boolean boolOr(String column, boolean whenAbsent) {
        if (columns.apply(column) == ABSENT) {
            return whenAbsent;
        }
        Object value = value(column);
        return value == null ? whenAbsent : (Boolean) value;
    }

    /** A text column that older rows (before the migration that added it) may not have: null then. */
    String optionalText(String column) {
        Object value = columns.apply(column);
        return value == ABSENT || value == null || isPlaceholder(value) ? null : value.toString();
    }

    String requiredText(String column) {
        return required(text(column), column);
    }

    UUID uuid(String column) {
        String value = requiredText(column);
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new UnmappableChangeException("column " + column + " is not a uuid: " + value, e);
        }
    }

    int integer(String column) {
        return ((Number) required(value(column), column)).intValue();
    }

    long bigint(String column) {
        return ((Number) required(value(column), column)).longValue();
    }

    boolean bool(String column) {
        return (Boolean) required(value(column), column);
    }

    Instant instant(String column) {
        String value = text(column);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new UnmappableChangeException("column " + column + " is not a timestamp: " + value, e);
        }
    }

    List<String> textArray(String column) {
        List<?> values = (List<?>) required(value(column), column);
        return values.stream().map(String::valueOf).toList();
    }

    /** A jsonb object column, read into {@code type}. */
    <T> T json(String column, Class<T> type) {
        String value = requiredText(column);
        try {
            return EventJson.mapper().readValue(value, type);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new UnmappableChangeException(
                    "column " + column + " cannot be read as " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    Map<String, Object> jsonObject(String column) {
        String value = requiredText(column);
        try {
            return EventJson.mapper().readValue(value, JSON_OBJECT);
        } catch (JacksonException e) {
            throw new UnmappableChangeException("column " + column + " is not a JSON object: " + e.getMessage(), e);
        }
    }

    /** As {@link #jsonObject}; null when the column is absent (an older change) or null. */
    Map<String, Object> jsonObjectOr(String column) {
        return columns.apply(column) == ABSENT || text(column) == null ? null : jsonObject(column);
    }

    private Object value(String column) {
        Object value = columns.apply(column);
        if (value == ABSENT) {
            throw new UnmappableChangeException("the change record has no column " + column);
        }
        if (isPlaceholder(value)) {
            if (fallback == null) {
                throw new UnmappableChangeException("column " + column + " is unavailable (unchanged TOASTed value)");
            }
            return fallback.value(column);
        }
        return value;
    }

    private static boolean isPlaceholder(Object value) {
        if (UNAVAILABLE.equals(value)) {
            return true;
        }
        return value instanceof List<?> list && list.size() == 1 && UNAVAILABLE.equals(list.get(0));
    }

    private static <T> T required(T value, String column) {
        if (value == null) {
            throw new UnmappableChangeException("column " + column + " is null");
        }
        return value;
    }
}
