import { adminUrl, MIGRATION_ROLE } from '../../src/tooling/stack/database-urls.ts';
import { loadOrCreateSecrets } from '../../src/tooling/stack/stack-secrets.ts';
import { createMigratedDatabase } from '../migrated-database.ts';
import { settings } from './pipeline-harness.ts';

/**
 * A database of its own on the stack's Postgres, owned and migrated by the migration role and used as
 * the service's runtime role, as the pipeline's are, for tests of core logic that must not touch the
 * pipeline's data. `drop()` removes it.
 */
export async function freshServiceDatabase<Schema>(service: 'calculator' | 'totals') {
  const secrets = loadOrCreateSecrets(settings);
  return createMigratedDatabase<Schema>({
    adminUrl: adminUrl(settings, secrets),
    service,
    roles: {
      migration: { role: MIGRATION_ROLE, password: secrets.migrationPassword },
      runtime: {
        role: service,
        password: service === 'calculator' ? secrets.calculatorPassword : secrets.totalsPassword,
      },
    },
    applicationName: 'test',
  });
}
