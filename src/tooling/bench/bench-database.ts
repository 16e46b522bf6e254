import type pg from 'pg';
import { adminUrl, CALCULATOR_ROLE } from '../stack/database-urls.ts';
import { withPgClient } from '../stack/pg-client.ts';
import type { StackSecrets } from '../stack/stack-secrets.ts';
import type { StackSettings } from '../stack/stack-settings.ts';

export const BENCH_DATABASE = 'calculator_bench';

export interface DatabaseOwner {
  role: string;
  password: string;
}

const asAdmin = <T>(
  settings: StackSettings,
  secrets: StackSecrets,
  work: (client: pg.Client) => Promise<T>,
) => withPgClient(adminUrl(settings, secrets), 'bench', work);

function ownerUrl(settings: StackSettings, secrets: StackSecrets, database: string, owner: DatabaseOwner) {
  const url = new URL(adminUrl(settings, secrets));
  url.username = owner.role;
  url.password = owner.password;
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * A fresh database of its own for a measurement, owned by a service's role, so benchmark writes neither
 * reach the pipeline (no replication slot reads it) nor mix with the stack's data; the service migrates
 * it when it starts (with *_MIGRATE_ON_START=true: unlike the stack's, this scratch database is its role's). Returns the URL the owner connects with.
 */
export async function createBenchDatabase(
  settings: StackSettings,
  secrets: StackSecrets,
  database: string,
  owner: DatabaseOwner,
): Promise<string> {
  await asAdmin(settings, secrets, async (client) => {
    await client.query(`drop database if exists ${client.escapeIdentifier(database)} with (force)`);
    await client.query(
      `create database ${client.escapeIdentifier(database)} owner ${client.escapeIdentifier(owner.role)}`,
    );
  });
  return ownerUrl(settings, secrets, database, owner);
}

/** Drops a measurement's database once its servers have stopped: a run leaves none behind. */
export async function dropBenchDatabase(
  settings: StackSettings,
  secrets: StackSecrets,
  database: string,
): Promise<void> {
  await asAdmin(settings, secrets, async (client) => {
    await client.query(`drop database if exists ${client.escapeIdentifier(database)} with (force)`);
  });
}

/** The calculator role's spare database, made when missing, for tools that write beside the pipeline. */
export async function ensureBenchDatabase(settings: StackSettings, secrets: StackSecrets): Promise<string> {
  const owner = { role: CALCULATOR_ROLE, password: secrets.calculatorPassword };
  const exists = await asAdmin(settings, secrets, async (client) =>
    Boolean((await client.query('select 1 from pg_database where datname = $1', [BENCH_DATABASE])).rowCount),
  );
  if (!exists) return createBenchDatabase(settings, secrets, BENCH_DATABASE, owner);
  return ownerUrl(settings, secrets, BENCH_DATABASE, owner);
}

/** Empties the calculations between runs, so each variant starts from the same table size. */
export async function emptyBenchTables(url: string): Promise<void> {
  await withPgClient(url, 'bench', (client) => client.query('truncate calculations, outbox'));
}
