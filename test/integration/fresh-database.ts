import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { createDatabase } from '../../src/services/shared/database.ts';
import { migrationsFolder, runMigrations } from '../../src/services/shared/run-migrations.ts';
import { adminUrl } from '../../src/tooling/stack/database-urls.ts';
import { loadOrCreateSecrets } from '../../src/tooling/stack/stack-secrets.ts';
import { settings } from './pipeline-harness.ts';

async function asAdmin(work: (admin: pg.Client) => Promise<void>) {
  const admin = new pg.Client({ connectionString: adminUrl(settings, loadOrCreateSecrets(settings)) });
  await admin.connect();
  try {
    await work(admin);
  } finally {
    await admin.end();
  }
}

/**
 * A database of its own on the stack's Postgres, owned by the service's role and migrated with the
 * service's migrations, for tests of core logic that must not touch the pipeline's data. `drop()` removes it.
 */
export async function freshServiceDatabase<Schema>(service: 'calculator' | 'totals') {
  const name = `${service}_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await asAdmin((admin) => admin.query(`create database ${name} owner ${service}`).then(() => {}));
  const secrets = loadOrCreateSecrets(settings);
  const url = new URL(adminUrl(settings, secrets));
  url.username = service;
  url.password = service === 'calculator' ? secrets.calculatorPassword : secrets.totalsPassword;
  url.pathname = `/${name}`;
  const db: Kysely<Schema> = createDatabase<Schema>({
    url: url.toString(),
    maxConnections: 4,
    applicationName: 'test',
  });
  await runMigrations(db, migrationsFolder(service), pino({ level: 'silent' }));
  return {
    db,
    url: url.toString(),
    drop: async () => {
      await db.destroy();
      await asAdmin((admin) => admin.query(`drop database if exists ${name} with (force)`).then(() => {}));
    },
  };
}
