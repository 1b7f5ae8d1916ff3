-- The import of the replaced system's tables (module legacy-import, ./autobolt import-legacy;
-- docs/design.md, Legacy import).

-- Where a job came from. The change stream carries it in every job event (JobState.origin), so
-- subscribers can tell imported jobs from the API's.
ALTER TABLE jobs ADD COLUMN origin text NOT NULL DEFAULT 'api' CHECK (origin IN ('api', 'legacy-import'));

-- An imported pending or in_progress job waits for an operator's `import-legacy --resume` before any
-- work is dispatched for it: the dispatcher ignores a held job (JobState.dispatchHeld) and the
-- reconciler does not republish it. The import alone sets it; --resume clears it.
ALTER TABLE jobs ADD COLUMN dispatch_held boolean NOT NULL DEFAULT false;

-- Every legacy row the import turned into an AutoBolt row (imported) or folded into one (merged), so
-- that a second run imports nothing twice and an interrupted run goes on where it stopped. Rejected
-- rows are not remembered: each run reports them again, and imports them once their cause is fixed.
CREATE TABLE legacy_import_rows (
    legacy_table text        NOT NULL CHECK (legacy_table IN ('customers', 'jobs', 'job_results',
                                   'directory_submissions', 'autobolt_processing_queue', 'directories')),
    legacy_key   text        NOT NULL CHECK (length(legacy_key) BETWEEN 1 AND 200),
    outcome      text        NOT NULL CHECK (outcome IN ('imported', 'merged')),
    -- The AutoBolt row it became or was folded into: a table and that row's key.
    target_table text        NOT NULL CHECK (target_table IN ('customers', 'jobs', 'job_results', 'directories')),
    target_key   text        NOT NULL,
    -- The legacy row as read, every column: what the mapping did not carry over is kept here.
    legacy_row   jsonb       NOT NULL CHECK (jsonb_typeof(legacy_row) = 'object'),
    imported_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (legacy_table, legacy_key)
);

-- The import connects as the schema's owner (it writes customers, directories, jobs and job_results,
-- which no service role may all write). job-api may read where an imported row came from.
GRANT SELECT ON legacy_import_rows TO ${api_role};
