-- Issue 14, workers over HTTP. A directory is submitted either by the job-worker (automatic) or by a
-- person or browser through an HTTP worker (external). Rows that need a login or a captcha were ending
-- `skipped` in the job-worker; they become external. A new row without a mode gets the same rule from
-- job-api (ExecutionMode.defaultFor), so the column default only serves hand-written INSERTs.
ALTER TABLE directories
    ADD COLUMN execution_mode text NOT NULL DEFAULT 'automatic'
        CHECK (execution_mode IN ('automatic', 'external'));
UPDATE directories SET execution_mode = 'external' WHERE requires_login OR requires_captcha;

-- The lease service (com.autobolt.api.lease): HTTP workers' leases, at most one open per lease id.
CREATE TABLE external_leases (
    id          uuid        PRIMARY KEY,
    worker_name text        NOT NULL CHECK (length(worker_name) BETWEEN 1 AND 200),
    -- The X-Worker-ID header a legacy client sent, recorded only: it never widens rights.
    worker_label text       CHECK (length(worker_label) <= 200),
    job_id      uuid        NOT NULL REFERENCES jobs (id),
    attempt     integer     NOT NULL CHECK (attempt >= 1),
    granted_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    ended_at    timestamptz
);
-- The per-worker bound counts a worker's open leases.
CREATE INDEX external_leases_open_idx ON external_leases (worker_name, expires_at) WHERE ended_at IS NULL;
CREATE INDEX external_leases_job_idx ON external_leases (job_id, attempt);

-- Every claim event of an external directory, as read from autobolt.directory-tasks.external. A task
-- waits, is leased (until its lease's expiry: an expired one is free again) or is done.
CREATE TABLE external_tasks (
    task_id          text        PRIMARY KEY CHECK (length(task_id) <= 200),
    job_id           uuid        NOT NULL REFERENCES jobs (id),
    directory_id     text        NOT NULL,
    attempt          integer     NOT NULL CHECK (attempt >= 1),
    priority         smallint    NOT NULL CHECK (priority BETWEEN 1 AND 5),
    -- The claim event as received (DirectoryTaskDispatched): profile and submission spec.
    claim            jsonb       NOT NULL CHECK (jsonb_typeof(claim) = 'object'),
    dispatched_at    timestamptz NOT NULL,
    received_at      timestamptz NOT NULL DEFAULT now(),
    state            text        NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'leased', 'done')),
    lease_id         uuid        REFERENCES external_leases (id),
    lease_expires_at timestamptz,
    result_status    text        CHECK (result_status IN ('submitted', 'failed', 'skipped')),
    finished_at      timestamptz,
    CHECK (state <> 'leased' OR (lease_id IS NOT NULL AND lease_expires_at IS NOT NULL)),
    CHECK ((state = 'done') = (result_status IS NOT NULL))
);
CREATE UNIQUE INDEX external_tasks_job_directory_key ON external_tasks (job_id, directory_id, attempt);
-- The lease query: unfinished tasks by priority then age.
CREATE INDEX external_tasks_queue_idx ON external_tasks (priority, dispatched_at, task_id) WHERE state <> 'done';
CREATE INDEX external_tasks_lease_idx ON external_tasks (lease_id) WHERE state = 'leased';

-- How far job-api has read the external task topic, per partition: stored in the transaction that
-- records the tasks read, so a restart resumes exactly there.
CREATE TABLE external_task_positions (
    topic       text    NOT NULL,
    partition   integer NOT NULL CHECK (partition >= 0),
    next_offset bigint  NOT NULL CHECK (next_offset >= 0),
    PRIMARY KEY (topic, partition)
);

GRANT SELECT, INSERT, UPDATE ON external_leases, external_tasks, external_task_positions TO ${api_role};
