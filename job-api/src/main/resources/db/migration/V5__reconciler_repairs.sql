-- The reconciler (com.autobolt.api.reconcile) remembers its repairs, so that it spaces them out
-- and gives up on a task that repairs do not move. Only the reconciler reads and writes these tables.

-- A pending job republished as a snapshot change because no dispatch of its current attempt showed up.
CREATE TABLE reconciler_job_republications (
    job_id            uuid        PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    attempt           integer     NOT NULL CHECK (attempt >= 1),
    -- Republications of this attempt; a new attempt starts again at 1.
    republications    integer     NOT NULL CHECK (republications >= 1),
    last_published_at timestamptz NOT NULL
);

-- A task repaired because its result row did not move within its lease: re-dispatched, or ended.
-- A record applies while the row is still at the recorded attempt and updated_at: once the row
-- moves (a claim, a new attempt), the task starts again with a clean record.
CREATE TABLE reconciler_task_repairs (
    job_id            uuid        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    directory_id      text        NOT NULL,
    attempt           integer     NOT NULL CHECK (attempt >= 1),
    result_updated_at timestamptz NOT NULL,
    redispatches      integer     NOT NULL CHECK (redispatches >= 0),
    last_repaired_at  timestamptz NOT NULL,
    -- The error code of the terminal result the reconciler published to end the task, if it did.
    ended_with        text        CHECK (length(ended_with) <= 100),
    PRIMARY KEY (job_id, directory_id)
);
