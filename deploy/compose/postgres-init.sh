#!/usr/bin/env bash
# Run once by the postgres image on a new data directory, as the local stack provisions its own
# (src/tooling/stack/provision-databases.ts): a migration role owning both databases (the only role that
# runs DDL), one runtime role per service (no ownership, no CREATE: `migrate` grants each only its DML),
# a replication role for Debezium and a statistics-only role for the Postgres exporter.
# Tables, the publication and every table grant come from `migrate`, run as the migration role.
set -euo pipefail

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v migration_password="$MIGRATION_DB_PASSWORD" \
  -v calculator_password="$CALCULATOR_DB_PASSWORD" \
  -v totals_password="$TOTALS_DB_PASSWORD" \
  -v debezium_password="$DEBEZIUM_DB_PASSWORD" \
  -v monitoring_password="$MONITORING_DB_PASSWORD" <<'SQL'
create role migrator login nosuperuser nocreatedb nocreaterole password :'migration_password';
create role calculator login nosuperuser nocreatedb nocreaterole password :'calculator_password';
create role totals login nosuperuser nocreatedb nocreaterole password :'totals_password';
create role debezium login replication nosuperuser nocreatedb nocreaterole password :'debezium_password';
create role monitoring login nosuperuser nocreatedb nocreaterole password :'monitoring_password';
grant pg_monitor to monitoring;
create database calculator owner migrator;
create database totals owner migrator;
revoke all on database calculator from public;
revoke all on database totals from public;
grant connect on database calculator to calculator, debezium, monitoring;
grant connect on database totals to totals;
SQL
