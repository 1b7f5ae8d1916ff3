-- A job carries its creator's own reference (a storefront's order id), unique per customer when given,
-- and a small free-form JSON object. Both are published with the job on the change stream. The limits
-- are the API's: 200 characters, a JSON object of at most 4 KiB as compact JSON; jsonb's own text
-- puts a space after every colon and comma, hence the looser bound here, a backstop only.
ALTER TABLE jobs ADD COLUMN external_ref text CHECK (length(external_ref) BETWEEN 1 AND 200);
ALTER TABLE jobs ADD COLUMN metadata jsonb
    CHECK (jsonb_typeof(metadata) = 'object' AND octet_length(metadata::text) <= 8192);
-- One job per customer and reference; GET /api/jobs?externalRef= looks jobs up by it.
CREATE UNIQUE INDEX jobs_customer_external_ref_key ON jobs (customer_id, external_ref)
    WHERE external_ref IS NOT NULL;
CREATE INDEX jobs_external_ref_idx ON jobs (external_ref) WHERE external_ref IS NOT NULL;
