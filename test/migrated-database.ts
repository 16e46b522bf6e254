import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { createDatabase } from '../src/services/shared/database.ts';
import { migrationsFolder, runMigrations } from '../src/services/shared/run-migrations.ts';
import { withPgClient } from '../src/tooling/stack/pg-client.ts';

/**
 * A database of its own, made by the admin and migrated with the service's migrations, in the manner of
 * kysely's example test context: each test file or test gets one, and nothing else touches it. With an
 * `owner` the database belongs to that role and the returned URL connects as it. `drop()` removes it.
 */
export async function createMigratedDatabase<Schema>(options: {
  adminUrl: string;
  service: 'calculator' | 'totals';
  owner?: { role: string; password: string };
  applicationName: string;
}) {
  const { adminUrl, service, owner } = options;
  const name = `${service}_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const asAdmin = (statement: string) => withPgClient(adminUrl, undefined, (admin) => admin.query(statement));
  await asAdmin(`create database ${name}${owner ? ` owner ${pg.escapeIdentifier(owner.role)}` : ''}`);
  const url = new URL(adminUrl);
  if (owner) {
    url.username = owner.role;
    url.password = owner.password;
  }
  url.pathname = `/${name}`;
  const db: Kysely<Schema> = createDatabase<Schema>({
    url: url.toString(),
    maxConnections: 4,
    applicationName: options.applicationName,
  });
  await runMigrations(db, migrationsFolder(service), pino({ level: 'silent' }));
  return {
    db,
    name,
    url: url.toString(),
    drop: async () => {
      await db.destroy();
      await asAdmin(`drop database if exists ${name} with (force)`);
    },
  };
}
