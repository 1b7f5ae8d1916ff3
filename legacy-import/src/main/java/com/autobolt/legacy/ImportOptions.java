package com.autobolt.legacy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The arguments of {@code ./autobolt import-legacy}, and AutoBolt's database from the environment
 * job-api reads ({@code AUTOBOLT_DB_URL}, {@code AUTOBOLT_DB_USER}, {@code AUTOBOLT_DB_PASSWORD}).
 *
 * @param reportJson where to write the report as JSON, or {@code null}
 */
public record ImportOptions(
        String sourceUrl,
        String sourceUser,
        String sourcePassword,
        String targetUrl,
        String targetUser,
        String targetPassword,
        boolean dryRun,
        boolean resume,
        boolean createMissingDirectories,
        Path reportJson,
        int chunkSize) {

    public static final int DEFAULT_CHUNK_SIZE = 100;

    public static final String USAGE = """
            usage: ./autobolt import-legacy --source=<jdbc url> [--user=<name> --password=<secret>]
                                            [--dry-run] [--resume] [--create-missing-directories]
                                            [--report-json=<file>] [--chunk-size=<units>]
              --source=         the legacy database, e.g. jdbc:postgresql://host/db?currentSchema=legacy
              --user=, --password=  the legacy database's credentials (also PGUSER / PGPASSWORD, so the
                                password need not be on the command line)
              --dry-run         write nothing; print the report the import would give
              --resume          release imported pending/in_progress jobs to the dispatcher (held otherwise)
              --create-missing-directories  create directories the catalog lacks, inactive, from the
                                legacy catalog, instead of rejecting the rows that name them
              --report-json=    also write the report as JSON to this file
              --chunk-size=     jobs (and customers, directories) per transaction (default 100)
            AutoBolt's database: AUTOBOLT_DB_URL, AUTOBOLT_DB_USER, AUTOBOLT_DB_PASSWORD, as the schema's
            owner role (autobolt_owner).
            """;

    /** Thrown for arguments that cannot be used; the message says which and why. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    public static ImportOptions parse(List<String> args, Map<String, String> env) throws UsageException {
        String source = null;
        String user = env.get("PGUSER");
        String password = env.get("PGPASSWORD");
        boolean dryRun = false;
        boolean resume = false;
        boolean createMissing = false;
        Path reportJson = null;
        int chunkSize = DEFAULT_CHUNK_SIZE;
        for (String arg : args) {
            if (arg.equals("--dry-run")) {
                dryRun = true;
            } else if (arg.equals("--resume")) {
                resume = true;
            } else if (arg.equals("--create-missing-directories")) {
                createMissing = true;
            } else if (arg.startsWith("--source=")) {
                source = value(arg);
            } else if (arg.startsWith("--user=")) {
                user = value(arg);
            } else if (arg.startsWith("--password=")) {
                password = arg.substring("--password=".length());
            } else if (arg.startsWith("--report-json=")) {
                reportJson = Path.of(value(arg));
            } else if (arg.startsWith("--chunk-size=")) {
                chunkSize = chunkSize(value(arg));
            } else {
                throw new UsageException("unknown argument '" + arg + "'");
            }
        }
        if (source == null) {
            throw new UsageException("--source=<jdbc url> is required");
        }
        if (!source.startsWith("jdbc:postgresql:")) {
            throw new UsageException(
                    "--source must be a PostgreSQL JDBC URL (jdbc:postgresql://...), not '" + source + "'");
        }
        String targetUrl = env.get("AUTOBOLT_DB_URL");
        if (targetUrl == null || targetUrl.isBlank()) {
            throw new UsageException("AUTOBOLT_DB_URL is not set: AutoBolt's database, as for job-api");
        }
        String targetUser = env.get("AUTOBOLT_DB_USER");
        if (targetUser == null || targetUser.isBlank()) {
            throw new UsageException("AUTOBOLT_DB_USER is not set: the schema's owner role (autobolt_owner)");
        }
        if (targetUrl.equals(source)) {
            throw new UsageException("--source is AutoBolt's own database (AUTOBOLT_DB_URL)");
        }
        return new ImportOptions(
                source,
                user,
                password,
                targetUrl,
                targetUser,
                env.getOrDefault("AUTOBOLT_DB_PASSWORD", ""),
                dryRun,
                resume,
                createMissing,
                reportJson,
                chunkSize);
    }

    private static String value(String arg) throws UsageException {
        String value = arg.substring(arg.indexOf('=') + 1);
        if (value.isBlank()) {
            throw new UsageException(arg.substring(0, arg.indexOf('=')) + " needs a value");
        }
        return value;
    }

    private static int chunkSize(String value) throws UsageException {
        try {
            int size = Integer.parseInt(value);
            if (size >= 1 && size <= 10_000) {
                return size;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--chunk-size must be a whole number from 1 to 10000, not '" + value + "'");
    }

    @Override
    public String toString() {
        // Never print a password.
        return "ImportOptions[source=" + sourceUrl + ", target=" + targetUrl + ", dryRun=" + dryRun + ", resume="
                + resume + ", createMissingDirectories=" + createMissingDirectories + "]";
    }
}
