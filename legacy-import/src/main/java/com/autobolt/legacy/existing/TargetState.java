package com.autobolt.legacy.existing;

import com.autobolt.legacy.source.LegacyTable;
import com.autobolt.schemas.ResultStatus;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What AutoBolt's database already holds that the plan depends on: the directory catalog (by name,
 * and every id taken), customers by email, the jobs an earlier run left held, and every legacy row an
 * earlier run remembered. Read once, before planning, in one repeatable-read transaction so the parts
 * agree with each other.
 *
 * @param directoryIdsByName every directory (inactive ones included: a directory an earlier run created
 *     inactive is still the one its legacy name stands for) by {@link Names#directoryKey}
 * @param directoryIds every directory id, so a created directory never takes one
 * @param customerIdsByEmail every customer by {@link Names#emailKey}
 * @param heldJobs the jobs {@code --resume} releases, ordered by id
 * @param remembered {@code legacy_import_rows}, by legacy table and key
 */
public record TargetState(
        Map<String, String> directoryIdsByName,
        Set<String> directoryIds,
        Map<String, UUID> customerIdsByEmail,
        List<HeldJob> heldJobs,
        Map<LegacyKey, Remembered> remembered) {

    public TargetState {
        directoryIdsByName = Collections.unmodifiableMap(new HashMap<>(directoryIdsByName));
        directoryIds = Set.copyOf(directoryIds);
        customerIdsByEmail = Collections.unmodifiableMap(new HashMap<>(customerIdsByEmail));
        heldJobs = List.copyOf(heldJobs);
        remembered = Collections.unmodifiableMap(new HashMap<>(remembered));
    }

    /** A legacy row's identity: its table and its key ({@code id} as text). */
    public record LegacyKey(LegacyTable table, String key) {}

    /**
     * What an earlier run made of a legacy row.
     *
     * @param outcome {@code imported} or {@code merged}
     * @param targetKey the AutoBolt row's key: a customer's or job's id, a directory's id, or
     *     {@code <job id>:<directory id>} for a result
     */
    public record Remembered(String outcome, String targetTable, String targetKey) {}

    /**
     * A job an earlier run wrote held ({@code pending} or {@code in_progress}, not yet released).
     *
     * @param plannedDirectoryIds its plan, in plan order
     * @param endedResults the directories that have an ended result, with that result's status value
     */
    public record HeldJob(UUID id, List<String> plannedDirectoryIds, Map<String, String> endedResults) {

        public HeldJob {
            plannedDirectoryIds = List.copyOf(plannedDirectoryIds);
            endedResults = Collections.unmodifiableMap(new LinkedHashMap<>(endedResults));
        }
    }

    /** Reads it all; the connection's transaction settings are as before afterwards. */
    public static TargetState read(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        int isolation = connection.getTransactionIsolation();
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            Map<String, String> directoryIdsByName = new HashMap<>();
            Set<String> directoryIds = new HashSet<>();
            // By id, so that of two catalog names that match alike, every run picks the same.
            try (PreparedStatement statement =
                            connection.prepareStatement("SELECT id, name FROM directories ORDER BY id");
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    directoryIds.add(rows.getString("id"));
                    directoryIdsByName.putIfAbsent(Names.directoryKey(rows.getString("name")), rows.getString("id"));
                }
            }
            Map<String, UUID> customerIdsByEmail = new HashMap<>();
            try (PreparedStatement statement =
                            connection.prepareStatement("SELECT id, email FROM customers ORDER BY created_at, id");
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    customerIdsByEmail.putIfAbsent(
                            Names.emailKey(rows.getString("email")), rows.getObject("id", UUID.class));
                }
            }
            TargetState state = new TargetState(
                    directoryIdsByName, directoryIds, customerIdsByEmail, heldJobs(connection), remembered(connection));
            connection.commit();
            return state;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setTransactionIsolation(isolation);
            connection.setAutoCommit(autoCommit);
        }
    }

    /** The jobs --resume may release: held and still pending or in progress (PlanWriter's condition). */
    private static List<HeldJob> heldJobs(Connection connection) throws SQLException {
        Map<UUID, List<String>> planned = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                        SELECT id, planned_directory_ids FROM jobs
                        WHERE dispatch_held AND status IN ('pending', 'in_progress')
                        ORDER BY id
                        """);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                Array directories = rows.getArray("planned_directory_ids");
                planned.put(rows.getObject("id", UUID.class), List.of((String[]) directories.getArray()));
            }
        }
        Map<UUID, Map<String, String>> ended = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                        SELECT r.job_id, r.directory_id, r.status FROM job_results r JOIN jobs j ON j.id = r.job_id
                        WHERE j.dispatch_held AND j.status IN ('pending', 'in_progress')
                        ORDER BY r.job_id, r.directory_id
                        """);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                String status = rows.getString("status");
                if (ResultStatus.fromValue(status).isTerminal()) {
                    ended.computeIfAbsent(rows.getObject("job_id", UUID.class), id -> new LinkedHashMap<>())
                            .put(rows.getString("directory_id"), status);
                }
            }
        }
        List<HeldJob> jobs = new ArrayList<>();
        planned.forEach((id, directories) -> jobs.add(new HeldJob(id, directories, ended.getOrDefault(id, Map.of()))));
        return jobs;
    }

    private static Map<LegacyKey, Remembered> remembered(Connection connection) throws SQLException {
        Map<LegacyKey, Remembered> remembered = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT legacy_table, legacy_key, outcome, target_table, target_key FROM legacy_import_rows");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                remembered.put(
                        new LegacyKey(LegacyTable.ofName(rows.getString("legacy_table")), rows.getString("legacy_key")),
                        new Remembered(
                                rows.getString("outcome"),
                                rows.getString("target_table"),
                                rows.getString("target_key")));
            }
        }
        return remembered;
    }
}
