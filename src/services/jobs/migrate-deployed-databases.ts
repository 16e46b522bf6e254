import { type Kysely, sql } from 'kysely';
import { createLogger } from '../shared/logger.ts';
import { type DeployedDatabasesConfig, loadDeployedDatabasesConfig } from './deployed-databases-config.ts';
import { migrateServices } from './migrate-services.ts';
import { relayGrants } from './relay-grants.ts';

/**
 * Migrates databases that exist already, each as the service's own role so it owns its tables, then
 * lets the Debezium role read the outbox and beat the heartbeat. The calculator role can grant that
 * itself because it owns the database, its public schema and the tables: no superuser is needed.
 */
export async function migrateDeployedDatabases(
  config: DeployedDatabasesConfig,
  log: (line: string) => void,
): Promise<void> {
  await migrateServices(
    [
      { service: 'calculator', url: config.CALCULATOR_DATABASE_URL },
      { service: 'totals', url: config.TOTALS_DATABASE_URL },
    ],
    {
      logger: (service) => createLogger(service, 'info'),
      log,
      afterMigrating: async (service, db) => {
        if (service !== 'calculator') return;
        const relay = sql.id(config.DEBEZIUM_DB_USER);
        await sql`grant connect on database ${sql.id(await currentDatabase(db))} to ${relay}`.execute(db);
        for (const grant of relayGrants(config.DEBEZIUM_DB_USER)) await sql.raw(grant).execute(db);
        log(`calculator: role ${config.DEBEZIUM_DB_USER} may read the outbox and write the heartbeat`);
      },
    },
  );
}

async function currentDatabase(db: Kysely<unknown>): Promise<string> {
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db);
  const name = rows[0]?.name;
  if (!name) throw new Error('could not read current_database()');
  return name;
}

/**
 * The migrate job: the databases CALCULATOR_DATABASE_URL and TOTALS_DATABASE_URL name, which exist
 * already. Without them, `withoutUrls` migrates instead (`npm run migrate` makes the local stack's
 * roles and databases); the image has none, so there the job fails naming the variables.
 */
export async function runMigrateJob(withoutUrls?: (log: (line: string) => void) => Promise<void>) {
  const log = (line: string) => console.log(`[migrate] ${line}`);
  try {
    const deployed = loadDeployedDatabasesConfig(process.env, { required: !withoutUrls });
    if (deployed) await migrateDeployedDatabases(deployed, log);
    else await withoutUrls?.(log);
    log('done');
  } catch (error) {
    console.error('[migrate] FAILED:', error);
    process.exitCode = 1;
  }
}
