import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { FileMigrationProvider, Migrator } from 'kysely/migration';
import type { Logger } from './logger.ts';
import { PROJECT_ROOT } from './project-root.ts';

/** Each service's migrations live in migrations/<service>, frozen in time and numbered. */
export function migrationsFolder(service: 'calculator' | 'totals'): string {
  return path.join(PROJECT_ROOT, 'migrations', service);
}

/**
 * Applies every pending migration in `folder` (files named `NNNN-what.ts`, in order). Kysely's
 * migrator takes a lock table, so services starting side by side don't race.
 */
export async function runMigrations<Schema>(
  db: Kysely<Schema>,
  folder: string,
  logger: Logger,
): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: folder }),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  for (const result of results) {
    const log = result.status === 'Success' ? logger.info.bind(logger) : logger.error.bind(logger);
    log({ migration: result.migrationName, status: result.status }, 'migration step');
  }
  if (error) {
    throw new Error(`Migrations in ${path.relative(process.cwd(), folder)} failed`, { cause: error });
  }
  if (results.length === 0) logger.info({ folder: path.basename(folder) }, 'database schema is up to date');
}
