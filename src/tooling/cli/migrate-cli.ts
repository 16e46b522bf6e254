import { runMigrateJob } from '../../services/jobs/migrate-deployed-databases.ts';
import { prepareLocalDatabases } from '../stack/migrate-service-databases.ts';
import { loadOrCreateSecrets } from '../stack/stack-secrets.ts';
import { loadStackSettings } from '../stack/stack-settings.ts';
import { parseCommandLine } from './command-line.ts';

parseCommandLine({
  command: 'npm run migrate',
  summary:
    "Runs both services' migrations as the migration role. With CALCULATOR_MIGRATION_DATABASE_URL and\n" +
    'TOTALS_MIGRATION_DATABASE_URL set (a deployment), on those databases, which must exist, then grants\n' +
    'CALCULATOR_DB_ROLE and TOTALS_DB_ROLE their DML and DEBEZIUM_DB_USER the outbox (defaults: calculator,\n' +
    'totals, debezium);\n' +
    "otherwise on the local stack's Postgres (npm run stack:up starts it), making its roles and databases first.",
  failure: 'a migration failed (the error names the service and the step)',
});
await runMigrateJob(async (log) => {
  const settings = loadStackSettings();
  await prepareLocalDatabases(settings, loadOrCreateSecrets(settings), log);
});
