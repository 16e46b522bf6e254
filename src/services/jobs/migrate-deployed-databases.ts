import { type Kysely, sql } from 'kysely';
import { createLogger, type Logger } from '../shared/logger.ts';
import { type DeployedDatabasesConfig, loadDeployedDatabasesConfig } from './deployed-databases-config.ts';
import { migrateServices, type ServiceName } from './migrate-services.ts';
import { relayGrants } from './relay-grants.ts';
import { runtimeGrants } from './runtime-grants.ts';

/**
 * Migrates databases that exist already as the migration role, which so owns every table and the
 * publication, then grants each service's runtime role only the DML it uses, and the Debezium role
 * what reading the outbox and beating the heartbeat need. No superuser is needed: the owner grants.
 */
export async function migrateDeployedDatabases(
  config: DeployedDatabasesConfig,
  log: (line: string) => void,
  logger: (service: ServiceName) => Logger = (service) => createLogger(service, 'info'),
): Promise<void> {
  const runtimeRoles: Record<ServiceName, string> = {
    calculator: config.CALCULATOR_DB_ROLE,
    totals: config.TOTALS_DB_ROLE,
  };
  await migrateServices(
    [
      { service: 'calculator', url: config.CALCULATOR_MIGRATION_DATABASE_URL },
      { service: 'totals', url: config.TOTALS_MIGRATION_DATABASE_URL },
    ],
    {
      logger,
      log,
      afterMigrating: async (service, db) => {
        const database = sql.id(await currentDatabase(db));
        const runtime = runtimeRoles[service];
        await sql`grant connect on database ${database} to ${sql.id(runtime)}`.execute(db);
        for (const grant of runtimeGrants(service, runtime)) await sql.raw(grant).execute(db);
        log(`${service}: role ${runtime} may use its tables' DML and nothing else`);
        if (service !== 'calculator') return;
        const relay = config.DEBEZIUM_DB_USER;
        await sql`grant connect on database ${database} to ${sql.id(relay)}`.execute(db);
        for (const grant of relayGrants(relay)) await sql.raw(grant).execute(db);
        log(`calculator: role ${relay} may read the outbox and write the heartbeat`);
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
 * The migrate job: the databases CALCULATOR_MIGRATION_DATABASE_URL and TOTALS_MIGRATION_DATABASE_URL
 * name, which exist already. Without them, `withoutUrls` migrates instead (`npm run migrate` makes the
 * local stack's roles and databases); the image has none, so there the job fails naming the variables.
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
