package com.autobolt.legacy;

import com.autobolt.legacy.fixture.LegacyFixture;
import com.autobolt.legacy.report.ImportReport;
import com.autobolt.legacy.write.PlanWriter;
import com.autobolt.testinfra.TestInfrastructure;
import com.autobolt.testinfra.postgres.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * The tests' two databases on the shared PostgreSQL: the legacy one (the committed fixture, loaded
 * once, schema {@code legacy}) and, per test, a new AutoBolt database migrated with job-api's own
 * migrations and holding the catalog and one customer the import must match against.
 */
final class ImportWorld {

    /** The import's clock: only for rows without any timestamp of their own. */
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    /** AutoBolt's catalog before the import: names the legacy rows must match, in other cases. */
    static final Map<String, String> CATALOG = catalog();

    static final String EXISTING_CUSTOMER = "0e000000-0000-4000-8000-000000000001";

    private static TestDatabase legacyDatabase;

    final TestDatabase target = TestInfrastructure.postgres().createDatabase();

    ImportWorld() throws Exception {
        Flyway.configure()
                .dataSource(
                        target.jdbcUrl(),
                        target.roles().owner().username(),
                        target.roles().owner().password())
                .placeholders(target.flywayPlaceholders())
                .load()
                .migrate();
        try (Connection connection = target.connect();
                Statement statement = connection.createStatement()) {
            for (Map.Entry<String, String> directory : CATALOG.entrySet()) {
                statement.executeUpdate("INSERT INTO directories (id, name, submission_url, submission_method,"
                        + " domain_authority) VALUES ('" + directory.getKey() + "', '" + directory.getValue()
                        + "', 'https://" + directory.getKey() + ".example/submit', 'form', 50)");
            }
            statement.executeUpdate("INSERT INTO customers (id, reference, business_name, email, package_type,"
                    + " created_at, updated_at) VALUES ('" + EXISTING_CUSTOMER + "', 'DB-2026-000001',"
                    + " 'Bright Smiles Dental', 'existing@brightsmiles.example', 'professional',"
                    + " '2026-01-05T09:00:00Z', '2026-01-05T09:00:00Z')");
            statement.execute("SELECT setval('customer_reference_seq', 1)");
        }
    }

    private static Map<String, String> catalog() {
        Map<String, String> catalog = new java.util.LinkedHashMap<>();
        catalog.put("yelp-business", "Yelp Business");
        catalog.put("google-business-profile", "Google Business Profile");
        catalog.put("apple-maps-connect", "Apple Maps Connect");
        catalog.put("facebook-business", "Facebook Business");
        catalog.put("bing-places", "Bing Places");
        for (int n = 1; n <= LegacyFixture.BULK_DIRECTORIES; n++) {
            catalog.put(String.format("directory-%02d", n), String.format("Directory %02d", n));
        }
        return catalog;
    }

    /** The legacy database with the committed fixture, loaded once per test JVM. */
    static synchronized TestDatabase legacy() throws Exception {
        if (legacyDatabase == null) {
            TestDatabase database = TestInfrastructure.postgres().createDatabase();
            try (InputStream fixture = ImportWorld.class.getResourceAsStream(LegacyFixture.RESOURCE);
                    Connection connection = database.connect();
                    Statement statement = connection.createStatement()) {
                statement.execute(new String(fixture.readAllBytes(), StandardCharsets.UTF_8));
            }
            legacyDatabase = database;
        }
        return legacyDatabase;
    }

    /** The environment the command reads: AutoBolt's database as the schema's owner, as documented. */
    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("AUTOBOLT_DB_URL", target.jdbcUrl());
        env.put("AUTOBOLT_DB_USER", target.roles().owner().username());
        env.put("AUTOBOLT_DB_PASSWORD", target.roles().owner().password());
        return env;
    }

    List<String> sourceArgs(String... more) throws Exception {
        TestDatabase legacy = legacy();
        List<String> args = new ArrayList<>(List.of(
                "--source=" + legacy.jdbcUrl() + "?currentSchema=legacy",
                "--user=" + legacy.username(),
                "--password=" + legacy.password()));
        args.addAll(List.of(more));
        return args;
    }

    /** One run of the command, with its printed output; a failure in {@code afterChunk} interrupts it. */
    Run run(PlanWriter.ChunkListener afterChunk, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ImportLegacyCommand command = new ImportLegacyCommand(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.fixed(NOW, ZoneOffset.UTC),
                afterChunk);
        int status = command.run(sourceArgs(args), env());
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Run run(String... args) throws Exception {
        return run((chunk, chunks, units) -> {}, args);
    }

    /** The report of a run, without printing: for comparing runs. */
    ImportReport report(String... args) throws Exception {
        ImportOptions options = ImportOptions.parse(sourceArgs(args), env());
        return new ImportLegacyCommand(
                        new PrintStream(PrintStream.nullOutputStream()),
                        new PrintStream(PrintStream.nullOutputStream()),
                        Clock.fixed(NOW, ZoneOffset.UTC),
                        (chunk, chunks, units) -> {})
                .run(options);
    }

    record Run(int status, String out, String err) {}

    /**
     * Every row the import writes, as text, in a stable order, without what legitimately differs
     * between equivalent runs: a customer's reference (a sequence: a rolled-back chunk still used
     * numbers) and when a legacy row was remembered.
     */
    String snapshot() throws SQLException {
        StringBuilder out = new StringBuilder();
        out.append(query("SELECT id, business_name, email, package_type, created_at, updated_at FROM customers"
                + " ORDER BY id"));
        out.append(query("SELECT id, name, active, submission_url FROM directories ORDER BY id"));
        out.append(query("SELECT * FROM jobs ORDER BY id"));
        out.append(query("SELECT * FROM job_results ORDER BY job_id, directory_id"));
        out.append(query("SELECT legacy_table, legacy_key, outcome, target_table, target_key, legacy_row"
                + " FROM legacy_import_rows ORDER BY legacy_table, legacy_key"));
        return out.toString();
    }

    String query(String sql) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection connection = target.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = utc(statement).executeQuery(sql)) {
            ResultSetMetaData metadata = rows.getMetaData();
            while (rows.next()) {
                for (int i = 1; i <= metadata.getColumnCount(); i++) {
                    out.append(metadata.getColumnLabel(i))
                            .append('=')
                            .append(rows.getString(i))
                            .append(' ');
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** Rows of one query as maps, column label to text. */
    List<Map<String, String>> rows(String sql) throws SQLException {
        List<Map<String, String>> result = new ArrayList<>();
        try (Connection connection = target.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = utc(statement).executeQuery(sql)) {
            ResultSetMetaData metadata = rows.getMetaData();
            while (rows.next()) {
                Map<String, String> row = new HashMap<>();
                for (int i = 1; i <= metadata.getColumnCount(); i++) {
                    row.put(metadata.getColumnLabel(i), rows.getString(i));
                }
                result.add(row);
            }
        }
        return result;
    }

    /** Timestamps as text in UTC, whatever the JVM's time zone. */
    private static Statement utc(Statement statement) throws SQLException {
        statement.execute("SET TIME ZONE 'UTC'");
        return statement;
    }

    long count(String sql) throws SQLException {
        return Long.parseLong(rows(sql).get(0).values().iterator().next());
    }
}
