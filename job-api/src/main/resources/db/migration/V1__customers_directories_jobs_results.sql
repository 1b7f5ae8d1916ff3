-- AutoBolt schema. Status vocabularies match com.autobolt.schemas.JobStatus and ResultStatus.

CREATE SEQUENCE customer_reference_seq;

CREATE TABLE customers (
    id            uuid         PRIMARY KEY,
    reference     text         NOT NULL UNIQUE
                               CHECK (reference ~ '^DB-[0-9]{4}-[0-9]{6,}$'),
    business_name text         NOT NULL CHECK (length(business_name) BETWEEN 1 AND 200),
    email         text         NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    phone         text         CHECK (length(phone) <= 40),
    website       text         CHECK (length(website) <= 2048),
    address       text         CHECK (length(address) <= 300),
    city          text         CHECK (length(city) <= 100),
    state         text         CHECK (length(state) <= 100),
    zip           text         CHECK (length(zip) <= 20),
    country       text         CHECK (length(country) <= 100),
    category      text         CHECK (length(category) <= 100),
    description   text         CHECK (length(description) <= 5000),
    package_type  text         NOT NULL CHECK (package_type IN ('starter', 'growth', 'professional', 'enterprise')),
    created_at    timestamptz  NOT NULL DEFAULT now(),
    updated_at    timestamptz  NOT NULL DEFAULT now()
);
-- One customer per email, compared case-insensitively.
CREATE UNIQUE INDEX customers_email_key ON customers (lower(email));
CREATE INDEX customers_business_name_idx ON customers (lower(business_name));

CREATE TABLE directories (
    id                   text        PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,79}$'),
    name                 text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    website              text        CHECK (length(website) <= 2048),
    category             text        CHECK (length(category) <= 100),
    submission_url       text        NOT NULL CHECK (length(submission_url) <= 2048),
    submission_method    text        NOT NULL CHECK (submission_method IN ('form', 'json')),
    field_mapping        jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(field_mapping) = 'object'),
    domain_authority     integer     NOT NULL CHECK (domain_authority BETWEEN 0 AND 100),
    active               boolean     NOT NULL DEFAULT true,
    min_interval_ms      bigint      NOT NULL DEFAULT 0 CHECK (min_interval_ms >= 0),
    requires_login       boolean     NOT NULL DEFAULT false,
    requires_captcha     boolean     NOT NULL DEFAULT false,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);
-- Planning a job picks active directories by domain authority.
CREATE INDEX directories_active_authority_idx ON directories (domain_authority DESC, id) WHERE active;

CREATE TABLE jobs (
    id                     uuid        PRIMARY KEY,
    customer_id            uuid        NOT NULL REFERENCES customers (id),
    package_type           text        NOT NULL CHECK (package_type IN ('starter', 'growth', 'professional', 'enterprise')),
    directory_count        integer     NOT NULL CHECK (directory_count > 0),
    priority               smallint    NOT NULL DEFAULT 3 CHECK (priority BETWEEN 1 AND 5),
    status                 text        NOT NULL DEFAULT 'pending'
                                       CHECK (status IN ('pending', 'in_progress', 'complete', 'failed', 'cancelled')),
    attempt                integer     NOT NULL DEFAULT 1 CHECK (attempt >= 1),
    -- Every directory the job submits to, in plan order.
    planned_directory_ids  text[]      NOT NULL CHECK (cardinality(planned_directory_ids) = directory_count),
    -- The directories the current attempt (re)processes: all on attempt 1, the failed ones after a retry.
    dispatch_directory_ids text[]      NOT NULL,
    business_profile       jsonb       NOT NULL CHECK (jsonb_typeof(business_profile) = 'object'),
    progress_total         integer     NOT NULL CHECK (progress_total >= 0),
    progress_submitted     integer     NOT NULL DEFAULT 0 CHECK (progress_submitted >= 0),
    progress_failed        integer     NOT NULL DEFAULT 0 CHECK (progress_failed >= 0),
    progress_skipped       integer     NOT NULL DEFAULT 0 CHECK (progress_skipped >= 0),
    progress_done          integer     NOT NULL DEFAULT 0,
    progress_percent       smallint    NOT NULL DEFAULT 0 CHECK (progress_percent BETWEEN 0 AND 100),
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    started_at             timestamptz,
    completed_at           timestamptz,
    error_message          text        CHECK (length(error_message) <= 2000),
    version                bigint      NOT NULL DEFAULT 0,
    -- The one progress formula (see com.autobolt.schemas.Progress), enforced where the numbers live.
    CONSTRAINT jobs_progress_consistent CHECK (
        progress_done = progress_submitted + progress_failed + progress_skipped
        AND progress_done <= progress_total
        AND progress_percent = CASE WHEN progress_total = 0 THEN 0
                                    ELSE (100 * progress_done) / progress_total END),
    CONSTRAINT jobs_completed_when_terminal CHECK (
        completed_at IS NULL OR status IN ('complete', 'failed', 'cancelled'))
);
-- The queue view: GET /api/jobs?status= ordered by priority, then age.
CREATE INDEX jobs_status_priority_created_idx ON jobs (status, priority, created_at);
CREATE INDEX jobs_priority_created_idx ON jobs (priority, created_at);
CREATE INDEX jobs_customer_created_idx ON jobs (customer_id, created_at DESC);

CREATE TABLE job_results (
    job_id        uuid        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    directory_id  text        NOT NULL REFERENCES directories (id),
    status        text        NOT NULL
                              CHECK (status IN ('pending', 'claimed', 'submitted', 'failed', 'skipped')),
    attempt       integer     NOT NULL CHECK (attempt >= 1),
    worker_id     text        CHECK (length(worker_id) <= 200),
    claimed_at    timestamptz,
    submitted_at  timestamptz,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    listing_url   text        CHECK (length(listing_url) <= 2048),
    error_code    text        CHECK (length(error_code) <= 100),
    error_message text        CHECK (length(error_message) <= 2000),
    evidence      jsonb       CHECK (evidence IS NULL OR jsonb_typeof(evidence) = 'object'),
    duration_ms   bigint      CHECK (duration_ms >= 0),
    -- One row per (job, directory): results are upserted, never duplicated.
    PRIMARY KEY (job_id, directory_id)
);
-- Stats: results per status and success rate per directory.
CREATE INDEX job_results_directory_status_idx ON job_results (directory_id, status);

-- jobs and directories are streamed by Debezium. FULL gives subscribers the row before each change
-- (the dispatcher sees a job *enter* pending) and lets unchanged TOASTed values (planned directory
-- ids, profile snapshot) be filled from the old row instead of arriving as placeholders.
-- customers and job_results are not streamed and keep the default (primary key) identity.
ALTER TABLE jobs REPLICA IDENTITY FULL;
ALTER TABLE directories REPLICA IDENTITY FULL;
