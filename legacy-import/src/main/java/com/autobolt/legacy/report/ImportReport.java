package com.autobolt.legacy.report;

import com.autobolt.legacy.source.LegacyTable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an import run makes of every legacy row, per table: read = imported + merged + rejected +
 * already imported. Built while planning, before anything is written, so a dry run reports exactly
 * what the real run would.
 */
public final class ImportReport {

    /** A legacy row that was not imported, and why. */
    public record Rejection(String key, String reason) {}

    /** One table's counts. */
    public static final class TableCounts {
        private int read;
        private int imported;
        private int merged;
        private int alreadyImported;
        private final List<Rejection> rejections = new ArrayList<>();

        public int read() {
            return read;
        }

        public int imported() {
            return imported;
        }

        public int merged() {
            return merged;
        }

        public int rejected() {
            return rejections.size();
        }

        public int alreadyImported() {
            return alreadyImported;
        }

        public List<Rejection> rejections() {
            return List.copyOf(rejections);
        }
    }

    private final Map<LegacyTable, TableCounts> tables = new EnumMap<>(LegacyTable.class);
    private int jobsHeld;
    private int jobsReleased;

    public ImportReport() {
        for (LegacyTable table : LegacyTable.values()) {
            tables.put(table, new TableCounts());
        }
    }

    public void read(LegacyTable table, int rows) {
        tables.get(table).read += rows;
    }

    public void imported(LegacyTable table) {
        tables.get(table).imported++;
    }

    public void merged(LegacyTable table) {
        tables.get(table).merged++;
    }

    public void alreadyImported(LegacyTable table) {
        tables.get(table).alreadyImported++;
    }

    public void rejected(LegacyTable table, String key, String reason) {
        tables.get(table).rejections.add(new Rejection(key, reason));
    }

    public void jobHeld() {
        jobsHeld++;
    }

    public void jobReleased() {
        jobsReleased++;
    }

    public TableCounts table(LegacyTable table) {
        return tables.get(table);
    }

    /** Imported pending and in_progress jobs whose dispatch waits for {@code --resume}. */
    public int jobsHeld() {
        return jobsHeld;
    }

    /** Jobs held by an earlier run that {@code --resume} releases to the dispatcher. */
    public int jobsReleased() {
        return jobsReleased;
    }

    /** Whether this run changes anything: a row to import or merge, or a held job to release. */
    public boolean changesAnything() {
        return jobsReleased > 0
                || tables.values().stream().anyMatch(counts -> counts.imported > 0 || counts.merged > 0);
    }

    public String text(boolean dryRun) {
        StringBuilder out = new StringBuilder();
        out.append(dryRun ? "Legacy import, dry run: nothing was written.\n" : "Legacy import.\n");
        out.append(String.format(
                Locale.ROOT,
                "%-26s %7s %9s %7s %9s %17s%n",
                "table",
                "read",
                "imported",
                "merged",
                "rejected",
                "already imported"));
        tables.forEach((table, counts) -> out.append(String.format(
                Locale.ROOT,
                "%-26s %7d %9d %7d %9d %17d%n",
                table.tableName(),
                counts.read,
                counts.imported,
                counts.merged,
                counts.rejected(),
                counts.alreadyImported)));
        out.append(String.format(
                Locale.ROOT,
                "jobs held until --resume: %d; held jobs released by --resume: %d%n",
                jobsHeld,
                jobsReleased));
        if (!changesAnything()) {
            out.append("Nothing new to import: every legacy row was imported before or is rejected.\n");
        }
        tables.forEach((table, counts) -> {
            if (!counts.rejections.isEmpty()) {
                out.append("\nrejected ").append(table.tableName()).append(":\n");
                counts.rejections.forEach(rejection -> out.append("  ")
                        .append(rejection.key())
                        .append(": ")
                        .append(rejection.reason())
                        .append('\n'));
            }
        });
        return out.toString();
    }

    public String json(boolean dryRun) {
        JsonMapper mapper = JsonMapper.builder().build();
        ObjectNode root = mapper.createObjectNode();
        root.put("dryRun", dryRun);
        root.put("changesAnything", changesAnything());
        root.put("jobsHeld", jobsHeld);
        root.put("jobsReleased", jobsReleased);
        ObjectNode tablesNode = root.putObject("tables");
        tables.forEach((table, counts) -> {
            ObjectNode node = tablesNode.putObject(table.tableName());
            node.put("read", counts.read);
            node.put("imported", counts.imported);
            node.put("merged", counts.merged);
            node.put("rejected", counts.rejected());
            node.put("alreadyImported", counts.alreadyImported);
            ArrayNode rejections = node.putArray("rejections");
            counts.rejections.forEach(rejection ->
                    rejections.addObject().put("key", rejection.key()).put("reason", rejection.reason()));
        });
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }
}
