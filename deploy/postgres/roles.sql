-- AutoBolt's PostgreSQL roles: one per kind of access, each with only what it needs.
--
-- Run once per cluster as a superuser (or a role with CREATEROLE), before the first start of job-api;
-- running it again changes nothing. No password is set here: passwords never belong in the
-- repository. Set them afterwards (psql's \password ROLE, or ALTER ROLE ... PASSWORD) and give each
-- service its own (docs/operations.md, PostgreSQL). Then create the database owned by the owner role:
--   CREATE DATABASE autobolt OWNER autobolt_owner;
--
-- What each role may do in the database is granted by job-api's migrations (V7 onwards), which run as
-- autobolt_owner: tables belong to it, and each migration grants on the tables it creates.
-- The local stack and the tests run this same file (embedded-servers' DatabaseRoles).

DO $roles$
BEGIN
    -- Owns the schema; job-api's Flyway migrations run as it. Not used by any service at run time.
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'autobolt_owner') THEN
        CREATE ROLE autobolt_owner LOGIN;
    END IF;
    -- job-api's REST API, live feed and reconciler: DML on its tables, nothing else.
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'autobolt_api') THEN
        CREATE ROLE autobolt_api LOGIN;
    END IF;
    -- job-api's change stream (Debezium): the replication slot, a snapshot of the streamed tables
    -- and the heartbeat.
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'autobolt_cdc') THEN
        CREATE ROLE autobolt_cdc LOGIN REPLICATION;
    END IF;
    -- progress-projector: job_results and the progress and status columns of jobs.
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'autobolt_projector') THEN
        CREATE ROLE autobolt_projector LOGIN;
    END IF;
END
$roles$;

-- Whatever the roles were before, they get exactly these attributes.
ALTER ROLE autobolt_owner NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION LOGIN;
ALTER ROLE autobolt_api NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION LOGIN;
ALTER ROLE autobolt_cdc NOSUPERUSER NOCREATEDB NOCREATEROLE REPLICATION LOGIN;
ALTER ROLE autobolt_projector NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION LOGIN;
