package com.autobolt.legacy.source;

/** The replaced system's tables the import reads, in the order the report lists them. */
public enum LegacyTable {
    DIRECTORIES("directories"),
    CUSTOMERS("customers"),
    JOBS("jobs"),
    JOB_RESULTS("job_results"),
    DIRECTORY_SUBMISSIONS("directory_submissions"),
    PROCESSING_QUEUE("autobolt_processing_queue");

    private final String tableName;

    LegacyTable(String tableName) {
        this.tableName = tableName;
    }

    public String tableName() {
        return tableName;
    }

    public static LegacyTable ofName(String tableName) {
        for (LegacyTable table : values()) {
            if (table.tableName.equals(tableName)) {
                return table;
            }
        }
        throw new IllegalArgumentException("not a legacy table: " + tableName);
    }
}
