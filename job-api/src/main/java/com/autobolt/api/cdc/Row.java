package com.autobolt.api.cdc;

import com.autobolt.schemas.EventJson;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 */
final class Row {

    static final String UNAVAILABLE = "__debezium_unavailable_value";

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {};

    private final Struct values;
    private final Row fallback;

    private Row(Struct values, Row fallback) {
        this.values = values;
        this.fallback = fallback;
    }

    static Row of(Struct values, Row fallback) {
        return values == null ? null : new Row(values, fallback);
    }

    String text(String column) {
        Object value = value(column);
        return value == null ? null : value.toString();
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

    private Object value(String column) {
        Field field = values.schema().field(column);
        if (field == null) {
            throw new UnmappableChangeException("the change record has no column " + column);
        }
        Object value = values.get(field);
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
