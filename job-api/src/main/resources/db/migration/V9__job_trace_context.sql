-- Tracing (README.md, Tracing and logs): the W3C traceparent of the request that created the job, so
-- that the change stream can put it on the job's change events and the job's trace continues through
-- the worker and the projector. NULL while tracing is off (nothing stored then). Only job-api writes
-- it; the change stream reads it. Their table-wide grants of V7 cover the new column (job-api: SELECT,
-- INSERT, UPDATE; the change stream: SELECT); the projector's column grants leave it out, as it needs
-- it not (its parent comes with each result event).
ALTER TABLE jobs ADD COLUMN trace_parent varchar(55);
