-- The change stream (com.autobolt.api.cdc). Its Debezium engine reads the publication through one
-- logical replication slot.

-- Debezium's heartbeat writes here every heartbeat interval. The table is in the publication, so each
-- beat reaches the stream and advances the stored LSN (and with it the slot's confirmed position)
-- even while jobs and directories are idle; pgoutput would otherwise send nothing and the slot would
-- hold back WAL. The engine reads these rows but never publishes them.
CREATE TABLE cdc_heartbeat (
    slot_name text        PRIMARY KEY,
    beat_at   timestamptz NOT NULL
);

-- Exactly the streamed tables plus the heartbeat; customers and job_results are not streamed.
CREATE PUBLICATION autobolt_cdc FOR TABLE jobs, directories, cdc_heartbeat;
