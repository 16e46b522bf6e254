import pg from 'pg';
import { adminUrl, CALCULATOR_ROLE } from '../stack/database-urls.ts';
import type { StackSecrets } from '../stack/stack-secrets.ts';
import type { StackSettings } from '../stack/stack-settings.ts';

export const BENCH_DATABASE = 'calculator_bench';

/**
 * A database of its own for front-door measurements, owned by the calculator's role, so benchmark
 * writes neither reach the pipeline (no replication slot reads it) nor mix with the stack's data.
 */
export async function ensureBenchDatabase(settings: StackSettings, secrets: StackSecrets): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl(settings, secrets), application_name: 'bench' });
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [BENCH_DATABASE]);
    if (!exists.rowCount)
      await admin.query(`create database ${BENCH_DATABASE} owner ${admin.escapeIdentifier(CALCULATOR_ROLE)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl(settings, secrets));
  url.username = CALCULATOR_ROLE;
  url.password = secrets.calculatorPassword;
  url.pathname = `/${BENCH_DATABASE}`;
  return url.toString();
}

/** Empties the calculations between runs, so each variant starts from the same table size. */
export async function emptyBenchTables(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: 'bench' });
  await client.connect();
  try {
    await client.query('truncate calculations, outbox');
  } finally {
    await client.end();
  }
}
