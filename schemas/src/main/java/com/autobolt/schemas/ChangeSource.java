package com.autobolt.schemas;

import java.time.Instant;

/**
 * Where in the database's history a change comes from. Subscribers order and de-duplicate change
 * events of a row by {@code lsn}: a lower or equal LSN than one already seen is a replay.
 *
 * @param lsn the log sequence number of the change in PostgreSQL's write-ahead log
 * @param txId the id of the transaction that made the change
 * @param commitTimestamp when that transaction committed
 */
public record ChangeSource(long lsn, long txId, Instant commitTimestamp) {

    public ChangeSource {
        Require.notNegative(lsn, "lsn");
        Require.present(commitTimestamp, "commitTimestamp");
    }
}
