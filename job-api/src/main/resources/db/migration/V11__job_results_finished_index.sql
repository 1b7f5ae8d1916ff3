-- The operations view (GET /api/operations) reads the last hour of finished results: per minute of
-- their last event (updated_at, the worker's time of the outcome) and per directory. Only results that
-- reached a site and ended count, so the index holds those alone.
CREATE INDEX job_results_finished_idx ON job_results (updated_at) WHERE status IN ('submitted', 'failed');
