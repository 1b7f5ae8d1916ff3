-- Customers and directories are aggregates edited through the API with JPA; their version column
-- makes a concurrent edit fail (409) instead of silently overwriting the other (optimistic locking).
ALTER TABLE customers ADD COLUMN version bigint NOT NULL DEFAULT 0;
ALTER TABLE directories ADD COLUMN version bigint NOT NULL DEFAULT 0;
