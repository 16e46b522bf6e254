import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { runtimeGrants } from '../src/services/jobs/runtime-grants.ts';
import { createDatabase } from '../src/services/shared/database.ts';
import { migrationsFolder, runMigrations } from '../src/services/shared/run-migrations.ts';
import { withPgClient } from '../src/tooling/stack/pg-client.ts';

interface Credentials {
  role: string;
  password: string;
}

function urlAs(adminUrl: string, database: string, credentials?: Credentials): string {
  const url = new URL(adminUrl);
  if (credentials) {
    url.username = credentials.role;
    url.password = credentials.password;
  }
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * A database of its own, made by the admin and migrated with the service's migrations, in the manner of
 * kysely's example test context: each test file or test gets one, and nothing else touches it. With
 * `roles`, as deployed: the migration role owns the database and runs the migrations, and the returned
 * URL connects as the runtime role, granted only its DML. `drop()` removes it.
 */
export async function createMigratedDatabase<Schema>(options: {
  adminUrl: string;
  service: 'calculator' | 'totals';
  roles?: { migration: Credentials; runtime: Credentials };
  applicationName: string;
}) {
  const { adminUrl, service, roles } = options;
  const name = `${service}_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const asAdmin = (statement: string) => withPgClient(adminUrl, undefined, (admin) => admin.query(statement));
  await asAdmin(
    `create database ${name}${roles ? ` owner ${pg.escapeIdentifier(roles.migration.role)}` : ''}`,
  );
  const migrator = createDatabase({
    url: urlAs(adminUrl, name, roles?.migration),
    maxConnections: 1,
    applicationName: `${options.applicationName}-migrations`,
  });
  try {
    await runMigrations(migrator, migrationsFolder(service), pino({ level: 'silent' }));
    if (roles) {
      await sql`grant connect on database ${sql.id(name)} to ${sql.id(roles.runtime.role)}`.execute(migrator);
      for (const grant of runtimeGrants(service, roles.runtime.role)) await sql.raw(grant).execute(migrator);
    }
  } finally {
    await migrator.destroy();
  }
  const url = urlAs(adminUrl, name, roles?.runtime);
  const db: Kysely<Schema> = createDatabase<Schema>({
    url,
    maxConnections: 4,
    applicationName: options.applicationName,
  });
  return {
    db,
    name,
    url,
    drop: async () => {
      await db.destroy();
      await asAdmin(`drop database if exists ${name} with (force)`);
    },
  };
}
