import { migrateDeployedDatabases } from '../../services/jobs/migrate-deployed-databases.ts';
import { createLogger } from '../../services/shared/logger.ts';
import { CALCULATOR_ROLE, DEBEZIUM_ROLE, migrationUrl, TOTALS_ROLE } from './database-urls.ts';
import { provisionDatabases } from './provision-databases.ts';
import type { StackSecrets } from './stack-secrets.ts';
import type { StackSettings } from './stack-settings.ts';

/**
 * Roles and databases, then each service's migrations as the migration role, which grants the runtime
 * roles their DML and the connector what it reads: the same path as the image's migrate job. The
 * services start afterwards, with roles that could not migrate.
 */
export async function prepareLocalDatabases(
  settings: StackSettings,
  secrets: StackSecrets,
  log: (line: string) => void,
): Promise<void> {
  await provisionDatabases(settings, secrets);
  await migrateDeployedDatabases(
    {
      CALCULATOR_MIGRATION_DATABASE_URL: migrationUrl(settings, secrets, 'calculator'),
      TOTALS_MIGRATION_DATABASE_URL: migrationUrl(settings, secrets, 'totals'),
      CALCULATOR_DB_ROLE: CALCULATOR_ROLE,
      TOTALS_DB_ROLE: TOTALS_ROLE,
      DEBEZIUM_DB_USER: DEBEZIUM_ROLE,
    },
    log,
    (service) => createLogger(`${service}-migrations`, 'warn'),
  );
}
