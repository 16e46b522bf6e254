import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminUrl,
  CALCULATOR_ROLE,
  calculatorUrl,
  DEBEZIUM_ROLE,
  MIGRATION_ROLE,
  MONITORING_ROLE,
  monitoringUrl,
  TOTALS_ROLE,
  totalsUrl,
} from '../../src/tooling/stack/database-urls.ts';
import { withPgClient } from '../../src/tooling/stack/pg-client.ts';
import { loadOrCreateSecrets } from '../../src/tooling/stack/stack-secrets.ts';
import { attemptStatement } from '../statement-attempt.ts';
import { settings } from './pipeline-harness.ts';

// What docs/security.md says the connector's role may do, and nothing more.
const TABLE_PRIVILEGES = ['select', 'insert', 'update', 'delete', 'truncate'];
const EXPECTED: Record<string, string[]> = {
  outbox: ['select'],
  debezium_heartbeat: ['select', 'insert', 'update'],
  calculations: [],
  calculation_counts: [],
  kysely_migration: [],
};

describe(`the ${DEBEZIUM_ROLE} role`, () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({
      connectionString: adminUrl(settings, loadOrCreateSecrets(settings), 'calculator'),
    });
    await client.connect();
  });
  afterAll(() => client.end());

  it('may replicate and connect to the calculator database, as no superuser', async () => {
    const { rows } = await client.query<{
      rolreplication: boolean;
      rolsuper: boolean;
      connect: boolean;
      totals: boolean;
    }>(
      `select rolreplication, rolsuper, has_database_privilege($1, 'calculator', 'connect') as connect,
              has_database_privilege($1, 'totals', 'connect') as totals
         from pg_roles where rolname = $1`,
      [DEBEZIUM_ROLE],
    );
    expect(rows).toEqual([{ rolreplication: true, rolsuper: false, connect: true, totals: false }]);
  });

  it.each(Object.entries(EXPECTED))('has on %s exactly %o', async (table, granted) => {
    const held: string[] = [];
    for (const privilege of TABLE_PRIVILEGES) {
      const { rows } = await client.query<{ held: boolean }>(
        'select has_table_privilege($1, $2, $3) as held',
        [DEBEZIUM_ROLE, `public.${table}`, privilege],
      );
      if (rows[0]?.held) held.push(privilege);
    }
    expect(held).toEqual(granted);
  });
});

const onDatabase = (url: string, database: string) => {
  const other = new URL(url);
  other.pathname = `/${database}`;
  return other.toString();
};

describe("the stack's runtime roles", () => {
  const secrets = loadOrCreateSecrets(settings);
  const roles = [
    { role: CALCULATOR_ROLE, url: calculatorUrl(settings, secrets), table: 'calculations', other: 'totals' },
    { role: TOTALS_ROLE, url: totalsUrl(settings, secrets), table: 'running_total', other: 'calculator' },
  ];

  it.each(roles)('$role owns nothing and may not run DDL on its own tables', async ({ url, table }) => {
    expect(await attemptStatement(url, `select count(*) from ${table}`)).toBe('ok');
    for (const statement of [
      'create table intruder (id int)',
      `drop table ${table}`,
      `alter table ${table} add column intruder int`,
      `truncate ${table}`,
    ])
      expect(await attemptStatement(url, statement), statement).toMatch(/permission denied|must be owner/);
  });

  it.each(roles)("$role may not reach the other service's database", async ({ url, other }) => {
    expect(await attemptStatement(onDatabase(url, other), 'select 1')).toMatch(
      /permission denied for database/,
    );
  });

  it(`the tables and the publication belong to ${MIGRATION_ROLE}`, async () => {
    for (const database of ['calculator', 'totals']) {
      const { rows } = await withPgClient(adminUrl(settings, secrets, database), 'test', (client) =>
        client.query<{ owner: string }>(
          `select distinct pg_get_userbyid(owner) as owner from (
             select relowner as owner from pg_class where relnamespace = 'public'::regnamespace
             union all select pubowner from pg_publication
             union all select datdba from pg_database where datname = current_database()
           ) objects`,
        ),
      );
      expect(
        rows.map((row) => row.owner),
        database,
      ).toEqual([MIGRATION_ROLE]);
    }
  });

  it(`${MONITORING_ROLE} reads statistics, not data`, async () => {
    const url = monitoringUrl(settings, secrets);
    expect(await attemptStatement(url, 'select count(*) from pg_stat_replication')).toBe('ok');
    expect(await attemptStatement(url, 'select count(*) from calculations')).toMatch(/permission denied/);
  });
});
