import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { inject } from 'vitest';
import { withPgClient } from '../../src/tooling/stack/pg-client.ts';
import { createMigratedDatabase } from '../migrated-database.ts';

export async function asAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  return withPgClient(inject('postgresAdminUrl'), undefined, work);
}

/** A login role of its own, named for this test database, so test files running side by side never share one. */
async function createLoginRole(prefix: string) {
  const role = `${prefix}_${randomBytes(6).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  await asAdmin((admin) =>
    admin.query(
      `create role ${admin.escapeIdentifier(role)} login nosuperuser nocreatedb nocreaterole password ${admin.escapeLiteral(password)}`,
    ),
  );
  return { role, password };
}

/**
 * A new database on the core tests' own Postgres, owned and migrated by a migration role, used as a
 * runtime role granted only the service's DML: a query the grants do not cover fails here first.
 */
export async function migratedDatabase<Schema>(service: 'calculator' | 'totals') {
  return createMigratedDatabase<Schema>({
    adminUrl: inject('postgresAdminUrl'),
    service,
    roles: {
      migration: await createLoginRole(`${service}_migrator`),
      runtime: await createLoginRole(`${service}_runtime`),
    },
    applicationName: 'core-test',
  });
}
