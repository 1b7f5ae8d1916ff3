package com.autobolt.api.cdc;

import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How much WAL the change stream's replication slot holds back on the server, read from
 * {@code pg_replication_slots}: a slot nobody reads (every job-api down, the stream failing) keeps
 * every WAL segment from its {@code restart_lsn} on, until the disk is full or, with
 * {@code max_slot_wal_keep_size} set, until PostgreSQL invalidates the slot ({@code wal_status = lost})
 * and the stream can no longer resume (docs/operations.md, PostgreSQL).
 */
final class SlotWal {

    /** What the slot holds back at one moment; {@code exists} false when there is no such slot. */
    record Reading(
            boolean exists,
            boolean active,
            String walStatus,
            Long retainedBytes,
            Long safeWalSizeBytes,
            String maxSlotWalKeepSize) {

        /** The slot was invalidated: the WAL the stream needs is gone, it cannot resume from it. */
        boolean lost() {
            return "lost".equals(walStatus);
        }

        Map<String, Object> details() {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("exists", exists);
            details.put("maxSlotWalKeepSize", maxSlotWalKeepSize);
            if (exists) {
                details.put("active", active);
                details.put("walStatus", walStatus);
                // Null once the slot is lost: it no longer reserves anything.
                details.put("retainedBytes", retainedBytes);
                if (safeWalSizeBytes != null) {
                    details.put("safeWalSizeBytes", safeWalSizeBytes);
                }
            }
            return details;
        }
    }

    // pg_current_wal_lsn() minus restart_lsn: the oldest WAL the slot still needs, to what is written now.
    // safe_wal_size: how much more may be written before the slot is lost (null without a limit).
    private static final String READ = """
            SELECT s.slot_name IS NOT NULL AS slot_exists, s.active, s.wal_status, s.safe_wal_size,
                   pg_wal_lsn_diff(pg_current_wal_lsn(), s.restart_lsn)::bigint AS retained,
                   current_setting('max_slot_wal_keep_size') AS keep_size
            FROM (SELECT 1) AS one
            LEFT JOIN pg_replication_slots s ON s.slot_name = ?""";

    private final JdbcTemplate jdbc;
    private final String slotName;

    SlotWal(DataSource dataSource, String slotName) {
        this.jdbc = new JdbcTemplate(dataSource);
        // Health must answer quickly even when the database does not.
        this.jdbc.setQueryTimeout(5);
        this.slotName = slotName;
    }

    /** Why the stream cannot go on from a lost slot, in health and the log. */
    String lostReason() {
        return "replication slot " + slotName + " was invalidated (wal_status lost): the WAL it needs is gone;"
                + " see docs/operations.md, PostgreSQL, for the recovery";
    }

    /** Reads the slot now; throws {@link DataAccessException} when the database cannot be asked. */
    Reading read() {
        return jdbc.queryForObject(
                READ,
                (rs, row) -> new Reading(
                        rs.getBoolean("slot_exists"),
                        rs.getBoolean("active"),
                        rs.getString("wal_status"),
                        (Long) rs.getObject("retained"),
                        (Long) rs.getObject("safe_wal_size"),
                        rs.getString("keep_size")),
                slotName);
    }
}
