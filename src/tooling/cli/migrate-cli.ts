import { loadDeployedDatabasesConfig } from '../../services/jobs/deployed-databases-config.ts';
import { migrateDeployedDatabases } from '../../services/jobs/migrate-deployed-databases.ts';
import { migrateServiceDatabases } from '../stack/migrate-service-databases.ts';
import { grantRelayAccess, provisionDatabases } from '../stack/provision-databases.ts';
import { loadOrCreateSecrets } from '../stack/stack-secrets.ts';
import { loadStackSettings } from '../stack/stack-settings.ts';

const log = (line: string) => console.log(`[migrate] ${line}`);
try {
  // With CALCULATOR_DATABASE_URL and TOTALS_DATABASE_URL (a deployment), the roles and databases exist
  // already; otherwise this is the local stack, which makes them first.
  const deployed = loadDeployedDatabasesConfig();
  if (deployed) {
    await migrateDeployedDatabases(deployed, log);
  } else {
    const settings = loadStackSettings();
    const secrets = loadOrCreateSecrets(settings);
    await provisionDatabases(settings, secrets);
    await migrateServiceDatabases(settings, secrets, log);
    await grantRelayAccess(settings, secrets);
  }
  log('done');
} catch (error) {
  console.error('[migrate] FAILED:', error);
  process.exitCode = 1;
}
