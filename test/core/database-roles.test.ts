import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrateDeployedDatabases } from '../../src/services/jobs/migrate-deployed-databases.ts';
import { createDatabase } from '../../src/services/shared/database.ts';
import { migrationsFolder, runMigrations } from '../../src/services/shared/run-migrations.ts';
import {
  CALCULATOR_ROLE,
  DEBEZIUM_ROLE,
  MIGRATION_ROLE,
  MONITORING_ROLE,
  TOTALS_ROLE,
} from '../../src/tooling/stack/database-urls.ts';
import { provisionServiceDatabases } from '../../src/tooling/stack/provision-databases.ts';
import type { StackSecrets } from '../../src/tooling/stack/stack-secrets.ts';
import { attemptStatement } from '../statement-attempt.ts';
import { asAdmin } from './test-database.ts';

// The core Postgres is this run's own: the pipeline's fixed role and database names are free on it.
const secrets: StackSecrets = {
  adminPassword: 'unused',
  calculatorPassword: 'calculator-core',
  totalsPassword: 'totals-core',
  debeziumPassword: 'debezium-core',
  monitoringPassword: 'monitoring-core',
  migrationPassword: 'migrator-core',
  replicationPassword: 'unused',
  kafkaAdminPassword: 'unused',
  kafkaConnectPassword: 'unused',
  kafkaTotalsPassword: 'unused',
};
const PASSWORDS: Record<string, string> = {
  [CALCULATOR_ROLE]: secrets.calculatorPassword,
  [TOTALS_ROLE]: secrets.totalsPassword,
  [DEBEZIUM_ROLE]: secrets.debeziumPassword,
  [MONITORING_ROLE]: secrets.monitoringPassword,
  [MIGRATION_ROLE]: secrets.migrationPassword,
};

function urlAs(role: string | undefined, database: string): string {
  const url = new URL(inject('postgresAdminUrl'));
  if (role) {
    url.username = role;
    url.password = PASSWORDS[role] ?? '';
  }
  url.pathname = `/${database}`;
  return url.toString();
}

/** One statement on a connection of its own as `role`; resolves to Postgres' error message, or 'ok'. */
const attempt = (role: string, database: string, statement: string) =>
  attemptStatement(urlAs(role, database), statement);

/** What the version before the migration role left: each service's role owning its database and tables. */
async function provisionAsThePreviousVersionDid(): Promise<void> {
  await asAdmin(async (admin) => {
    for (const role of [CALCULATOR_ROLE, TOTALS_ROLE])
      await admin.query(`create role ${role} login password ${admin.escapeLiteral(PASSWORDS[role] ?? '')}`);
    await admin.query('create database calculator owner calculator');
    await admin.query('create database totals owner totals');
  });
  for (const service of ['calculator', 'totals'] as const) {
    const db = createDatabase({ url: urlAs(service, service), maxConnections: 1, applicationName: 'old' });
    await runMigrations(db, migrationsFolder(service), pino({ level: 'silent' }));
    await db.destroy();
  }
}

async function provisionAndMigrate(): Promise<void> {
  await provisionServiceDatabases((database) => urlAs(undefined, database), secrets);
  await migrateDeployedDatabases(
    {
      CALCULATOR_MIGRATION_DATABASE_URL: urlAs(MIGRATION_ROLE, 'calculator'),
      TOTALS_MIGRATION_DATABASE_URL: urlAs(MIGRATION_ROLE, 'totals'),
      CALCULATOR_DB_ROLE: CALCULATOR_ROLE,
      TOTALS_DB_ROLE: TOTALS_ROLE,
      DEBEZIUM_DB_USER: DEBEZIUM_ROLE,
    },
    () => {},
    () => pino({ level: 'silent' }),
  );
}

beforeAll(async () => {
  await provisionAsThePreviousVersionDid();
  // Twice: provisioning runs at every start and must leave the same result.
  await provisionAndMigrate();
  await provisionAndMigrate();
});
afterAll(async () => {
  await asAdmin(async (admin) => {
    await admin.query('drop database if exists calculator with (force)');
    await admin.query('drop database if exists totals with (force)');
  });
});

describe('provisioning a server the previous version made', () => {
  it.each(['calculator', 'totals'])('leaves the migration role owning everything in %s', async (database) => {
    const owners = await new pg.Client({ connectionString: urlAs(undefined, database) });
    await owners.connect();
    try {
      const { rows } = await owners.query<{ owner: string }>(
        `select distinct pg_get_userbyid(owner) as owner from (
           select relowner as owner from pg_class where relnamespace = 'public'::regnamespace
           union all select pubowner from pg_publication
           union all select datdba from pg_database where datname = current_database()
         ) objects`,
      );
      expect(rows.map((row) => row.owner)).toEqual([MIGRATION_ROLE]);
    } finally {
      await owners.end();
    }
  });
});

describe.each([
  {
    role: CALCULATOR_ROLE,
    own: 'calculator',
    table: 'calculations',
    other: 'totals',
    unused: 'delete from calculations',
  },
  {
    role: TOTALS_ROLE,
    own: 'totals',
    table: 'running_total',
    other: 'calculator',
    unused: 'delete from applied_events',
  },
])('the $role runtime role', ({ role, own, table, other, unused }) => {
  it('reads its own table', async () => {
    expect(await attempt(role, own, `select count(*) from ${table}`)).toBe('ok');
  });

  it.each([
    ['create table', 'create table intruder (id int)'],
    ['create schema', 'create schema intruder'],
    ['create temporary table', 'create temporary table intruder (id int)'],
    ['drop', `drop table ${table}`],
    ['alter', `alter table ${table} add column intruder int`],
    ['truncate', `truncate ${table}`],
    ['run DML it does not use', unused],
  ])('may not %s', async (_, statement) => {
    expect(await attempt(role, own, statement)).toMatch(/permission denied|must be owner/);
  });

  it("may not connect to the other service's database", async () => {
    expect(await attempt(role, other, 'select 1')).toMatch(/permission denied for database/);
  });
});

describe('the connector and monitoring roles', () => {
  it(`${DEBEZIUM_ROLE} reads the outbox, not the calculations`, async () => {
    expect(await attempt(DEBEZIUM_ROLE, 'calculator', 'select count(*) from outbox')).toBe('ok');
    expect(await attempt(DEBEZIUM_ROLE, 'calculator', 'select count(*) from calculations')).toMatch(
      /permission denied for table calculations/,
    );
  });

  it(`${MONITORING_ROLE} reads statistics, not data`, async () => {
    expect(await attempt(MONITORING_ROLE, 'calculator', 'select count(*) from pg_stat_replication')).toBe(
      'ok',
    );
    expect(await attempt(MONITORING_ROLE, 'calculator', 'select count(*) from outbox')).toMatch(
      /permission denied for table outbox/,
    );
    expect(await attempt(MONITORING_ROLE, 'totals', 'select 1')).toMatch(/permission denied for database/);
  });
});
