import { migrateServiceDatabases } from '../stack/migrate-service-databases.ts';
import { grantRelayAccess, provisionDatabases } from '../stack/provision-databases.ts';
import { loadOrCreateSecrets } from '../stack/stack-secrets.ts';
import { loadStackSettings } from '../stack/stack-settings.ts';

const settings = loadStackSettings();
const secrets = loadOrCreateSecrets(settings);
const log = (line: string) => console.log(`[migrate] ${line}`);
try {
  await provisionDatabases(settings, secrets);
  await migrateServiceDatabases(settings, secrets, log);
  await grantRelayAccess(settings, secrets);
  log('done');
} catch (error) {
  console.error('[migrate] FAILED:', error);
  process.exitCode = 1;
}
