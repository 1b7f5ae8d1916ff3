-- Who changed what through the API, and when: one row per write (create, edit, retry, cancel, a
-- directory's change), in the write's own transaction. The actor is the API key's name, never the key.
CREATE TABLE audit_log (
    id          bigserial   PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor       text        NOT NULL CHECK (length(actor) BETWEEN 1 AND 64),
    actor_role  text        NOT NULL CHECK (actor_role IN ('admin', 'staff', 'viewer', 'worker')),
    action      text        NOT NULL CHECK (action ~ '^[a-z]+(\.[a-z_]+)+$'),
    target_type text        NOT NULL CHECK (target_type IN ('job', 'customer', 'directory')),
    target_id   text        NOT NULL CHECK (length(target_id) BETWEEN 1 AND 80),
    request_id  text        CHECK (length(request_id) <= 64),
    details     jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details) = 'object')
);
CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id, id);
-- job-api appends and reads; nobody updates or deletes the trail through the API's role.
GRANT SELECT, INSERT ON audit_log TO ${api_role};
GRANT USAGE ON SEQUENCE audit_log_id_seq TO ${api_role};
