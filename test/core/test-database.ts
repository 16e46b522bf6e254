import type pg from 'pg';
import { inject } from 'vitest';
import { withPgClient } from '../../src/tooling/stack/pg-client.ts';
import { createMigratedDatabase } from '../migrated-database.ts';

export async function asAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  return withPgClient(inject('postgresAdminUrl'), undefined, work);
}

/** A new database on the core tests' own Postgres, migrated with the service's migrations. */
export async function migratedDatabase<Schema>(service: 'calculator' | 'totals') {
  return createMigratedDatabase<Schema>({
    adminUrl: inject('postgresAdminUrl'),
    service,
    applicationName: 'core-test',
  });
}
