import { adminUrl } from '../../src/tooling/stack/database-urls.ts';
import { loadOrCreateSecrets } from '../../src/tooling/stack/stack-secrets.ts';
import { createMigratedDatabase } from '../migrated-database.ts';
import { settings } from './pipeline-harness.ts';

/**
 * A database of its own on the stack's Postgres, owned by the service's role and migrated with the
 * service's migrations, for tests of core logic that must not touch the pipeline's data. `drop()` removes it.
 */
export async function freshServiceDatabase<Schema>(service: 'calculator' | 'totals') {
  const secrets = loadOrCreateSecrets(settings);
  return createMigratedDatabase<Schema>({
    adminUrl: adminUrl(settings, secrets),
    service,
    owner: {
      role: service,
      password: service === 'calculator' ? secrets.calculatorPassword : secrets.totalsPassword,
    },
    applicationName: 'test',
  });
}
