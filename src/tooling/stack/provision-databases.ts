import type pg from 'pg';
import { relayGrants } from '../../services/jobs/relay-grants.ts';
import { adminUrl, CALCULATOR_ROLE, DEBEZIUM_ROLE, MONITORING_ROLE, TOTALS_ROLE } from './database-urls.ts';
import { withPgClient } from './pg-client.ts';
import type { StackSecrets } from './stack-secrets.ts';
import type { StackSettings } from './stack-settings.ts';

const withAdmin = <T>(url: string, work: (client: pg.Client) => Promise<T>) =>
  withPgClient(url, 'stack-provisioning', work);

async function ensureRole(
  client: pg.Client,
  role: string,
  password: string,
  attributes: string,
): Promise<void> {
  const exists = await client.query('select 1 from pg_roles where rolname = $1', [role]);
  const verb = exists.rowCount ? 'alter' : 'create';
  await client.query(
    `${verb} role ${client.escapeIdentifier(role)} ${attributes} password ${client.escapeLiteral(password)}`,
  );
}

async function ensureDatabase(client: pg.Client, database: string, owner: string): Promise<void> {
  const exists = await client.query('select 1 from pg_database where datname = $1', [database]);
  if (!exists.rowCount) {
    await client.query(
      `create database ${client.escapeIdentifier(database)} owner ${client.escapeIdentifier(owner)}`,
    );
  }
  await client.query(`revoke all on database ${client.escapeIdentifier(database)} from public`);
  await client.query(
    `grant connect on database ${client.escapeIdentifier(database)} to ${client.escapeIdentifier(owner)}`,
  );
}

/**
 * One role and one database per service, owned by that role, a replication role for Debezium and a
 * statistics reader for the Postgres exporter. No service runs as a superuser. Idempotent: run at every
 * start.
 */
export async function provisionDatabases(settings: StackSettings, secrets: StackSecrets): Promise<void> {
  await withAdmin(adminUrl(settings, secrets), async (client) => {
    await ensureRole(
      client,
      CALCULATOR_ROLE,
      secrets.calculatorPassword,
      'login nosuperuser nocreatedb nocreaterole',
    );
    await ensureRole(
      client,
      TOTALS_ROLE,
      secrets.totalsPassword,
      'login nosuperuser nocreatedb nocreaterole',
    );
    await ensureRole(
      client,
      DEBEZIUM_ROLE,
      secrets.debeziumPassword,
      'login replication nosuperuser nocreatedb',
    );
    await ensureRole(
      client,
      MONITORING_ROLE,
      secrets.monitoringPassword,
      'login nosuperuser nocreatedb nocreaterole',
    );
    // pg_monitor: read statistics and replication slots, nothing of the data.
    await client.query(`grant pg_monitor to ${client.escapeIdentifier(MONITORING_ROLE)}`);
    await ensureDatabase(client, 'calculator', CALCULATOR_ROLE);
    await ensureDatabase(client, 'totals', TOTALS_ROLE);
    for (const role of [DEBEZIUM_ROLE, MONITORING_ROLE])
      await client.query(`grant connect on database calculator to ${client.escapeIdentifier(role)}`);
  });
}

/** What the connector may touch once the calculator's migrations have made the tables (relayGrants). */
export async function grantRelayAccess(settings: StackSettings, secrets: StackSecrets): Promise<void> {
  await withAdmin(adminUrl(settings, secrets, 'calculator'), async (client) => {
    for (const grant of relayGrants(DEBEZIUM_ROLE)) await client.query(grant);
  });
}
