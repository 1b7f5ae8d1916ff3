#!/bin/sh
# docker-compose.yml's PostgreSQL: run once by the image's entrypoint (docker-entrypoint-initdb.d),
# when its data directory is new. Creates AutoBolt's roles (roles.sql, the same file the local stack
# and the tests run), gives each the password compose passes in from the operator's environment, and
# hands the database to the owner role, whose migrations then grant the others what they need.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -f /autobolt/roles.sql
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    --set=owner_password="$OWNER_PASSWORD" \
    --set=api_password="$API_PASSWORD" \
    --set=cdc_password="$CDC_PASSWORD" \
    --set=projector_password="$PROJECTOR_PASSWORD" <<'SQL'
ALTER ROLE autobolt_owner PASSWORD :'owner_password';
ALTER ROLE autobolt_api PASSWORD :'api_password';
ALTER ROLE autobolt_cdc PASSWORD :'cdc_password';
ALTER ROLE autobolt_projector PASSWORD :'projector_password';
ALTER DATABASE autobolt OWNER TO autobolt_owner;
REVOKE CONNECT ON DATABASE autobolt FROM PUBLIC;
GRANT CONNECT ON DATABASE autobolt TO autobolt_owner, autobolt_api, autobolt_cdc, autobolt_projector;
SQL
