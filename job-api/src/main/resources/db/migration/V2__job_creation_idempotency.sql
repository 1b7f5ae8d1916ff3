-- POST /api/jobs with an Idempotency-Key: the key, a hash of the request it came with, and the job it
-- created. The primary key settles concurrent duplicates: the loser of a race returns the winner's job.
CREATE TABLE job_creation_idempotency (
    idempotency_key text        PRIMARY KEY CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    request_hash    text        NOT NULL CHECK (request_hash ~ '^[0-9a-f]{64}$'),
    job_id          uuid        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    created_at      timestamptz NOT NULL DEFAULT now()
);
