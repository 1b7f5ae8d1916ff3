-- progress-projector measures a job's duration (created -> terminal) and its time to first result
-- (docs/metrics.md) when it moves the job, so it reads when the job was created. Still nothing of the
-- customer or the business profile.
GRANT SELECT (created_at) ON jobs TO ${projector_role};
