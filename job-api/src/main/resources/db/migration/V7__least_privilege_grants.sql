-- Least privilege: every service connects as a role of its own (created beforehand by
-- deploy/postgres/roles.sql; docs/operations.md, PostgreSQL), and gets here exactly the access it needs.
-- This migration, like every one, runs as the schema's owner, which alone may create, alter or drop.
-- Grants are explicit, table by table: a migration that creates a table grants on it in the same file
-- (no default privileges, which would hand every future table to every role). DatabaseRolesIT fails
-- when a table has no grant to job-api's role.
-- The role names are Flyway placeholders (job-api: spring.flyway.placeholders.*), so a database can
-- use other names.

-- job-api: the REST API (customers, catalog, jobs, idempotency keys), the reconciler (its own two
-- tables; it reads job_results) and the statistics. No DELETE anywhere: nothing in job-api deletes.
-- Customers are created, never edited (a PUT would need its UPDATE granted with it).
GRANT SELECT, INSERT ON customers TO ${api_role};
GRANT SELECT, INSERT, UPDATE ON directories, jobs TO ${api_role};
GRANT USAGE ON SEQUENCE customer_reference_seq TO ${api_role};
GRANT SELECT, INSERT ON job_creation_idempotency TO ${api_role};
GRANT SELECT ON job_results TO ${api_role};
GRANT SELECT, INSERT, UPDATE ON reconciler_job_republications, reconciler_task_repairs TO ${api_role};

-- The change stream: REPLICATION (a role attribute, set by roles.sql) to read the slot; the snapshot
-- reads the streamed tables; the heartbeat upserts its row.
GRANT SELECT ON jobs, directories TO ${cdc_role};
GRANT SELECT, INSERT, UPDATE ON cdc_heartbeat TO ${cdc_role};

-- progress-projector: the only writer of job_results; on jobs it reads the plan and the progress and
-- writes only the progress and status columns (docs/design.md, Who writes what). It never sees a
-- job's customer or business profile, and cannot move a job to another customer or re-plan it.
GRANT SELECT, INSERT, UPDATE ON job_results TO ${projector_role};
GRANT SELECT (id, status, attempt, planned_directory_ids, dispatch_directory_ids, progress_total,
              progress_submitted, progress_failed, progress_skipped, progress_done, progress_percent,
              started_at, completed_at, error_message, version)
    ON jobs TO ${projector_role};
GRANT UPDATE (status, progress_submitted, progress_failed, progress_skipped, progress_done, progress_percent,
              started_at, completed_at, error_message, updated_at, version)
    ON jobs TO ${projector_role};
