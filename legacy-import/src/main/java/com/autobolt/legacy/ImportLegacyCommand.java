package com.autobolt.legacy;

import com.autobolt.legacy.existing.TargetState;
import com.autobolt.legacy.mapping.ImportPlan;
import com.autobolt.legacy.mapping.ImportPlanner;
import com.autobolt.legacy.report.ImportReport;
import com.autobolt.legacy.source.LegacySnapshot;
import com.autobolt.legacy.source.LegacyTables;
import com.autobolt.legacy.write.PlanWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code ./autobolt import-legacy}: reads the replaced system's tables, plans what each row becomes,
 * prints the report, and (unless {@code --dry-run}) writes the plan in chunks. Exit status 0 when
 * the run completed (rejected rows included: they are in the report), 1 when it failed, 2 for
 * unusable arguments.
 */
public final class ImportLegacyCommand {

    /** What the import writes: the role must be allowed all of it. */
    private static final List<String> WRITES =
            List.of("customers", "directories", "jobs", "job_results", "legacy_import_rows");

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final PlanWriter.ChunkListener afterChunk;

    /**
     * @param afterChunk told after each committed chunk, besides the progress line printed to
     *     {@code out}
     */
    public ImportLegacyCommand(PrintStream out, PrintStream err, Clock clock, PlanWriter.ChunkListener afterChunk) {
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.afterChunk = afterChunk;
    }

    public static void main(String[] args) {
        ImportLegacyCommand command =
                new ImportLegacyCommand(System.out, System.err, Clock.systemUTC(), (chunk, chunks, units) -> {});
        System.exit(command.run(List.of(args), System.getenv()));
    }

    public int run(List<String> args, Map<String, String> env) {
        ImportOptions options;
        try {
            options = ImportOptions.parse(args, env);
        } catch (ImportOptions.UsageException e) {
            err.println("import-legacy: " + e.getMessage());
            err.print(ImportOptions.USAGE);
            return 2;
        }
        try {
            ImportReport report = run(options);
            if (options.reportJson() != null) {
                Files.writeString(options.reportJson(), report.json(options.dryRun()));
            }
            return 0;
        } catch (SQLException | IOException | RuntimeException e) {
            err.println("import-legacy failed: " + e.getMessage());
            if (!options.dryRun()) {
                err.println("Every chunk committed before the failure is kept and remembered; run the same command"
                        + " again to go on from there.");
            }
            return 1;
        }
    }

    /** Plans, prints the report and, unless a dry run, writes; returns the report. */
    public ImportReport run(ImportOptions options) throws SQLException {
        LegacySnapshot legacy;
        try (Connection source =
                DriverManager.getConnection(options.sourceUrl(), options.sourceUser(), options.sourcePassword())) {
            legacy = LegacyTables.read(source);
        }
        try (Connection target =
                DriverManager.getConnection(options.targetUrl(), options.targetUser(), options.targetPassword())) {
            checkTarget(target, options.dryRun());
            ImportPlan plan = new ImportPlanner(
                            legacy,
                            TargetState.read(target),
                            new ImportPlanner.Options(options.createMissingDirectories(), options.resume()),
                            clock.instant())
                    .plan();
            if (!options.dryRun()) {
                new PlanWriter(target, options.chunkSize(), (chunk, chunks, units) -> {
                            out.printf("committed chunk %d of %d (%d units)%n", chunk, chunks, units);
                            afterChunk.committed(chunk, chunks, units);
                        })
                        .write(plan);
            }
            out.print(plan.report().text(options.dryRun()));
            return plan.report();
        }
    }

    /** Refuses, before reading anything of it, a database without V10 or a role that cannot write. */
    private static void checkTarget(Connection target, boolean dryRun) throws SQLException {
        try (PreparedStatement statement = target.prepareStatement("SELECT to_regclass('legacy_import_rows')");
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            if (rows.getString(1) == null) {
                throw new SQLException("AutoBolt's database has no legacy_import_rows table: its schema is older"
                        + " than migration V10; start job-api once to migrate it");
            }
        }
        if (dryRun) {
            return;
        }
        for (String table : WRITES) {
            try (PreparedStatement statement =
                    target.prepareStatement("SELECT has_table_privilege(current_user, ?, 'INSERT')"); ) {
                statement.setString(1, table);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    if (!rows.getBoolean(1)) {
                        throw new SQLException(
                                "the role " + target.getMetaData().getUserName() + " may not insert" + " into " + table
                                        + ": run the import as the schema's owner (autobolt_owner)");
                    }
                }
            }
        }
    }
}
