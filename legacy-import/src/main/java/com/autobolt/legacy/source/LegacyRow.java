package com.autobolt.legacy.source;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One row of a legacy table as read: every column by name, in the representation of {@link
 * LegacyTables} (text, whole numbers, {@link Instant}, JSON as text, booleans). Columns the legacy
 * table has no value for read as {@code null}; a column it does not have at all reads as {@code null}
 * too, since the old system's tables never agreed on their columns.
 *
 * @param key the row's legacy key (its {@code id}), as text
 */
public record LegacyRow(LegacyTable table, String key, Map<String, Object> columns) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public LegacyRow {
        columns = Collections.unmodifiableMap(columns);
    }

    /** Text with surrounding white space removed; {@code null} when absent or blank. */
    public String text(String column) {
        Object value = columns.get(column);
        if (value == null) {
            return null;
        }
        String text = value.toString().strip();
        return text.isEmpty() ? null : text;
    }

    /** The first of the columns with a non-blank value. */
    public String firstText(String... columns) {
        for (String column : columns) {
            String value = text(column);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    public Integer integer(String column) {
        Object value = columns.get(column);
        if (value instanceof BigDecimal decimal) {
            return decimal.intValue();
        }
        return value instanceof Number number ? number.intValue() : null;
    }

    public Instant instant(String column) {
        return columns.get(column) instanceof Instant instant ? instant : null;
    }

    /** The first of the timestamp columns with a value. */
    public Instant firstInstant(String... columns) {
        for (String column : columns) {
            Instant value = instant(column);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** A JSON column, or an empty optional when absent or not JSON. */
    public Optional<JsonNode> json(String column) {
        String value = text(column);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(value));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /** A text field of a JSON object column, e.g. {@code listing_data.directory_name}. */
    public String jsonText(String column, String field) {
        return json(column)
                .map(node -> node.get(field))
                .filter(JsonNode::isValueNode)
                .map(JsonNode::asString)
                .map(String::strip)
                .filter(text -> !text.isEmpty())
                .orElse(null);
    }

    @Override
    public String toString() {
        return table.tableName() + " " + key;
    }
}
