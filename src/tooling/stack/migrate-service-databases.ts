import { migrateServices } from '../../services/jobs/migrate-services.ts';
import { createLogger } from '../../services/shared/logger.ts';
import { calculatorUrl, totalsUrl } from './database-urls.ts';
import { grantRelayAccess, provisionDatabases } from './provision-databases.ts';
import type { StackSecrets } from './stack-secrets.ts';
import type { StackSettings } from './stack-settings.ts';

/** Each service's migrations, run as that service's own role, so it owns what they create. */
export async function migrateServiceDatabases(
  settings: StackSettings,
  secrets: StackSecrets,
  log: (line: string) => void,
): Promise<void> {
  await migrateServices(
    [
      { service: 'calculator', url: calculatorUrl(settings, secrets) },
      { service: 'totals', url: totalsUrl(settings, secrets) },
    ],
    { logger: (service) => createLogger(`${service}-migrations`, 'warn'), log },
  );
}

/** Roles and databases, each service's migrations, then what the connector may read. */
export async function prepareLocalDatabases(
  settings: StackSettings,
  secrets: StackSecrets,
  log: (line: string) => void,
): Promise<void> {
  await provisionDatabases(settings, secrets);
  await migrateServiceDatabases(settings, secrets, log);
  await grantRelayAccess(settings, secrets);
}
