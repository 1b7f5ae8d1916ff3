-- The subscriber's own schema (spring.flyway.default-schema=analytics): nothing here is AutoBolt's.

-- The outcome counted for each directory of each job: the latest attempt's. One row per topic key, so
-- that an outcome that supersedes another (a retried directory) replaces its contribution instead of
-- adding to it, and so that the medians can be computed from the outcomes themselves.
CREATE TABLE outcomes (
    job_id       uuid        NOT NULL,
    directory_id text        NOT NULL,
    attempt      integer     NOT NULL CHECK (attempt > 0),
    status       text        NOT NULL CHECK (status IN ('submitted', 'failed', 'skipped')),
    duration_ms  bigint      CHECK (duration_ms >= 0),
    occurred_at  timestamptz NOT NULL,
    -- occurred_at's day in UTC: what the daily figures are grouped by.
    day          date        NOT NULL,
    PRIMARY KEY (job_id, directory_id)
);
CREATE INDEX outcomes_by_directory_day ON outcomes (directory_id, day);

-- Per directory and day, how many of the counted outcomes are submitted, failed, skipped. Kept up to
-- date in the transaction that changes outcomes (a superseded outcome's day and status are decremented).
CREATE TABLE directory_days (
    directory_id text    NOT NULL,
    day          date    NOT NULL,
    submitted    integer NOT NULL DEFAULT 0 CHECK (submitted >= 0),
    failed       integer NOT NULL DEFAULT 0 CHECK (failed >= 0),
    skipped      integer NOT NULL DEFAULT 0 CHECK (skipped >= 0),
    PRIMARY KEY (directory_id, day)
);

-- Where the subscriber is in each partition: written in the same transaction as the rows above, so
-- the rows and the offsets always describe the same prefix of the topic.
CREATE TABLE consumed_offsets (
    topic       text        NOT NULL,
    partition   integer     NOT NULL,
    -- the offset of the next record to read
    next_offset bigint      NOT NULL CHECK (next_offset >= 0),
    -- records applied from this partition (bad ones included): each counted once, however often the
    -- subscriber crashed, which is what the crash test checks
    records     bigint      NOT NULL CHECK (records >= 0),
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (topic, partition)
);

-- Records that could not be read (not JSON, an unknown schemaVersion, a key that is not the event's):
-- skipped, never retried, and kept here so that nothing is lost silently.
CREATE TABLE skipped_records (
    topic         text        NOT NULL,
    partition     integer     NOT NULL,
    record_offset bigint      NOT NULL,
    record_key    text,
    reason        text        NOT NULL,
    skipped_at    timestamptz NOT NULL,
    PRIMARY KEY (topic, partition, record_offset)
);

-- What the subscriber is for: per directory and day, the counts, the success rate and the median
-- duration of the outcomes counted (those that have a duration: a skip before any try has none).
CREATE VIEW directory_daily AS
SELECT d.directory_id,
       d.day,
       d.submitted,
       d.failed,
       d.skipped,
       round(d.submitted::numeric / (d.submitted + d.failed + d.skipped), 4) AS success_rate,
       (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY o.duration_ms)
          FROM outcomes o
         WHERE o.directory_id = d.directory_id AND o.day = d.day) AS median_duration_ms
  FROM directory_days d;
