import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { inject } from 'vitest';
import { createDatabase } from '../../src/services/shared/database.ts';
import { migrationsFolder, runMigrations } from '../../src/services/shared/run-migrations.ts';

export const quietLogger = pino({ level: 'silent' });

export async function asAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: inject('postgresAdminUrl') });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/**
 * A new database on the core tests' own Postgres, migrated with the service's migrations, in the manner
 * of kysely's example test context: each test file or test gets one, and nothing else touches it.
 */
export async function migratedDatabase<Schema>(service: 'calculator' | 'totals') {
  const name = `${service}_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await asAdmin((admin) => admin.query(`create database ${name}`));
  const url = new URL(inject('postgresAdminUrl'));
  url.pathname = `/${name}`;
  const db: Kysely<Schema> = createDatabase<Schema>({
    url: url.toString(),
    maxConnections: 4,
    applicationName: 'core-test',
  });
  await runMigrations(db, migrationsFolder(service), quietLogger);
  return {
    db,
    name,
    url: url.toString(),
    drop: async () => {
      await db.destroy();
      await asAdmin((admin) => admin.query(`drop database if exists ${name} with (force)`));
    },
  };
}
