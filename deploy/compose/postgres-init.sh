#!/usr/bin/env bash
# Run once by the postgres image on a new data directory: one role and one database per service, and a
# replication role for Debezium, and a statistics-only role for the Postgres exporter, as the local stack makes them (src/tooling/stack/provision-databases.ts).
# Tables, the publication and the relay role's grants come from `migrate`.
set -euo pipefail

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v calculator_password="$CALCULATOR_DB_PASSWORD" \
  -v totals_password="$TOTALS_DB_PASSWORD" \
  -v debezium_password="$DEBEZIUM_DB_PASSWORD" \
  -v monitoring_password="$MONITORING_DB_PASSWORD" <<'SQL'
create role calculator login nosuperuser nocreatedb nocreaterole password :'calculator_password';
create role totals login nosuperuser nocreatedb nocreaterole password :'totals_password';
create role debezium login replication nosuperuser nocreatedb password :'debezium_password';
create role monitoring login nosuperuser nocreatedb nocreaterole password :'monitoring_password';
grant pg_monitor to monitoring;
create database calculator owner calculator;
create database totals owner totals;
revoke all on database calculator from public;
revoke all on database totals from public;
grant connect on database calculator to calculator, debezium, monitoring;
grant connect on database totals to totals;
SQL
