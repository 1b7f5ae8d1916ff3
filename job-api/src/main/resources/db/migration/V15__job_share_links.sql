-- Links that let a customer watch one job's progress without an API key (GET /progress/{token}). Only
-- the token's SHA-256 is stored: whoever reads this table cannot open a link. A link ends at its expiry
-- or when revoked, whichever is first.
CREATE TABLE job_shares (
    id          uuid        PRIMARY KEY,
    job_id      uuid        NOT NULL REFERENCES jobs (id),
    token_hash  bytea       NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text        NOT NULL CHECK (length(created_by) BETWEEN 1 AND 64),
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz,
    CHECK (expires_at > created_at)
);
CREATE INDEX job_shares_job_idx ON job_shares (job_id);
GRANT SELECT, INSERT ON job_shares TO ${api_role};
GRANT UPDATE (revoked_at) ON job_shares TO ${api_role};
