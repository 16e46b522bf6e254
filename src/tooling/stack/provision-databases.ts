import type pg from 'pg';
import {
  adminUrl,
  CALCULATOR_ROLE,
  DEBEZIUM_ROLE,
  MIGRATION_ROLE,
  MONITORING_ROLE,
  TOTALS_ROLE,
} from './database-urls.ts';
import { withPgClient } from './pg-client.ts';
import type { StackSecrets } from './stack-secrets.ts';
import type { StackSettings } from './stack-settings.ts';

const withAdmin = <T>(url: string, work: (client: pg.Client) => Promise<T>) =>
  withPgClient(url, 'stack-provisioning', work);

const LOGIN = 'login nosuperuser nocreatedb nocreaterole noreplication';

export async function ensureRole(
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

/** The database, owned by the migration role; only the roles named may connect, and none may create in it. */
async function ensureDatabase(client: pg.Client, database: string, connecting: string[]): Promise<void> {
  const name = client.escapeIdentifier(database);
  const owner = client.escapeIdentifier(MIGRATION_ROLE);
  const exists = await client.query('select 1 from pg_database where datname = $1', [database]);
  if (!exists.rowCount) await client.query(`create database ${name} owner ${owner}`);
  else await client.query(`alter database ${name} owner to ${owner}`);
  await client.query(`revoke all on database ${name} from public`);
  for (const role of connecting) {
    const grantee = client.escapeIdentifier(role);
    await client.query(`revoke all on database ${name} from ${grantee}`);
    await client.query(`grant connect on database ${name} to ${grantee}`);
  }
}

/**
 * A data folder made before the migration role existed has each service's tables, functions, migration
 * history and the publication owned by the service's role: hand them to the migration role. Not
 * `reassign owned`, which would also take the other databases the service's role owns (the benchmark's
 * scratch ones).
 * The migrations then re-grant the runtime roles only their DML.
 */
async function transferFormerOwnership(adminUrlFor: (database: string) => string): Promise<void> {
  for (const [database, formerOwner] of [
    ['calculator', CALCULATOR_ROLE],
    ['totals', TOTALS_ROLE],
  ] as const) {
    await withAdmin(adminUrlFor(database), async (client) => {
      const owned = await client.query<{ statement: string }>(
        `select format('alter %s %s owner to %I', kind, name, $2::text) as statement from (
           select case c.relkind when 'S' then 'sequence' when 'v' then 'view' else 'table' end as kind,
                  c.oid::regclass::text as name, c.relowner as owner
             from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and c.relkind in ('r', 'p', 'S', 'v')
           union all
           select 'function', p.oid::regprocedure::text, p.proowner
             from pg_proc p join pg_namespace n on n.oid = p.pronamespace
            where n.nspname = 'public'
           union all
           select 'publication', quote_ident(pubname), pubowner from pg_publication
           union all
           select 'schema', 'public', nspowner from pg_namespace where nspname = 'public'
         ) objects where owner = (select oid from pg_roles where rolname = $1)`,
        [formerOwner, MIGRATION_ROLE],
      );
      for (const { statement } of owned.rows) await client.query(statement);
    });
  }
}

/**
 * The roles and databases of the pipeline, on a server where `adminUrlFor` connects as a superuser: a
 * migration role owning both databases (it alone runs DDL), one login role per service that the
 * migrations grant only its DML, a replication role for Debezium and a statistics reader for the
 * Postgres exporter. No service runs as a superuser or owns anything. Idempotent, and it upgrades a
 * server whose service roles owned their databases: run at every start.
 */
export async function provisionServiceDatabases(
  adminUrlFor: (database: string) => string,
  secrets: StackSecrets,
): Promise<void> {
  await withAdmin(adminUrlFor('postgres'), async (client) => {
    await ensureRole(client, MIGRATION_ROLE, secrets.migrationPassword, LOGIN);
    await ensureRole(client, CALCULATOR_ROLE, secrets.calculatorPassword, LOGIN);
    await ensureRole(client, TOTALS_ROLE, secrets.totalsPassword, LOGIN);
    await ensureRole(
      client,
      DEBEZIUM_ROLE,
      secrets.debeziumPassword,
      'login replication nosuperuser nocreatedb nocreaterole',
    );
    await ensureRole(client, MONITORING_ROLE, secrets.monitoringPassword, LOGIN);
    // pg_monitor: read statistics and replication slots, nothing of the data.
    await client.query(`grant pg_monitor to ${client.escapeIdentifier(MONITORING_ROLE)}`);
    await ensureDatabase(client, 'calculator', [CALCULATOR_ROLE, DEBEZIUM_ROLE, MONITORING_ROLE]);
    await ensureDatabase(client, 'totals', [TOTALS_ROLE]);
  });
  await transferFormerOwnership(adminUrlFor);
}

/** The local stack's roles and databases, as its admin (or STACK_POSTGRES_ADMIN_URL's). */
export async function provisionDatabases(settings: StackSettings, secrets: StackSecrets): Promise<void> {
  await provisionServiceDatabases((database) => adminUrl(settings, secrets, database), secrets);
}
