import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { CalculatorDatabase } from '../../src/services/calculator/calculator-database.ts';
import { createDatabase } from '../../src/services/shared/database.ts';
import { calculatorUrl } from '../../src/tooling/stack/database-urls.ts';
import { loadOrCreateSecrets } from '../../src/tooling/stack/stack-secrets.ts';
import { settings } from './pipeline-harness.ts';

describe("the services' database pool", () => {
  it('survives a connection that breaks while checked out in a transaction, and replaces it', async () => {
    const url = calculatorUrl(settings, loadOrCreateSecrets(settings));
    const reported: Error[] = [];
    const db = createDatabase<CalculatorDatabase>({
      url,
      maxConnections: 2,
      applicationName: 'connection-loss-test',
      onConnectionError: (error) => reported.push(error),
    });
    const killer = new pg.Client({ connectionString: url });
    await killer.connect();
    try {
      // Between two statements of a transaction the client is checked out and idle: the moment Postgres
      // dying (or a network drop) turns into an 'error' event that no pool listener catches.
      const transaction = db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        await killer.query('select pg_terminate_backend($1)', [rows[0]?.pid]);
        await new Promise((resolve) => setTimeout(resolve, 500));
        await sql`select 1`.execute(trx);
      });
      await expect(transaction).rejects.toThrow();
      expect(reported.length).toBeGreaterThanOrEqual(1);
      // The pool gives out a working connection afterwards.
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await killer.end();
      await db.destroy();
    }
  });
});
