import path from 'node:path';
import { sql } from 'kysely';
import { createDatabase } from '../shared/database.ts';
import { createLogger } from '../shared/logger.ts';
import { PROJECT_ROOT } from '../shared/project-root.ts';
import { runMigrations } from '../shared/run-migrations.ts';
import type { DeployedDatabasesConfig } from './deployed-databases-config.ts';

/**
 * Migrates databases that exist already, each as the service's own role so it owns its tables, then
 * lets the Debezium role read the outbox and beat the heartbeat. The calculator role can grant that
 * itself because it owns the database, its public schema and the tables: no superuser is needed.
 */
export async function migrateDeployedDatabases(
  config: DeployedDatabasesConfig,
  log: (line: string) => void,
): Promise<void> {
  const targets = [
    { service: 'calculator', url: config.CALCULATOR_DATABASE_URL },
    { service: 'totals', url: config.TOTALS_DATABASE_URL },
  ];
  for (const { service, url } of targets) {
    const db = createDatabase({ url, maxConnections: 1, applicationName: `${service}-migrations` });
    try {
      await runMigrations(db, path.join(PROJECT_ROOT, 'migrations', service), createLogger(service, 'info'));
      log(`${service}: database schema up to date`);
      if (service === 'calculator') {
        const relay = sql.id(config.DEBEZIUM_DB_USER);
        await sql`grant connect on database ${sql.id(await currentDatabase(db))} to ${relay}`.execute(db);
        await sql`grant usage on schema public to ${relay}`.execute(db);
        await sql`grant select on outbox to ${relay}`.execute(db);
        await sql`grant select, insert, update on debezium_heartbeat to ${relay}`.execute(db);
        log(`calculator: role ${config.DEBEZIUM_DB_USER} may read the outbox and write the heartbeat`);
      }
    } finally {
      await db.destroy();
    }
  }
}

async function currentDatabase(db: ReturnType<typeof createDatabase>): Promise<string> {
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db);
  const name = rows[0]?.name;
  if (!name) throw new Error('could not read current_database()');
  return name;
}
