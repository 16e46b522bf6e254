import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUrl, DEBEZIUM_ROLE } from '../../src/tooling/stack/database-urls.ts';
import { loadOrCreateSecrets } from '../../src/tooling/stack/stack-secrets.ts';
import { settings } from './pipeline-harness.ts';

// What docs/security.md says the connector's role may do, and nothing more.
const TABLE_PRIVILEGES = ['select', 'insert', 'update', 'delete', 'truncate'];
const EXPECTED: Record<string, string[]> = {
  outbox: ['select'],
  debezium_heartbeat: ['select', 'insert', 'update'],
  calculations: [],
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
