package com.autobolt.legacy.source;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Every row of the six legacy tables, each table ordered by its key. */
public record LegacySnapshot(Map<LegacyTable, List<LegacyRow>> rows) {

    public LegacySnapshot {
        Map<LegacyTable, List<LegacyRow>> copy = new EnumMap<>(LegacyTable.class);
        for (LegacyTable table : LegacyTable.values()) {
            copy.put(table, List.copyOf(rows.getOrDefault(table, List.of())));
        }
        rows = copy;
    }

    public List<LegacyRow> of(LegacyTable table) {
        return rows.get(table);
    }
}
