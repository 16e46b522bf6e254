import path from 'node:path';
import { createDatabase } from '../../services/shared/database.ts';
import { createLogger } from '../../services/shared/logger.ts';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { runMigrations } from '../../services/shared/run-migrations.ts';
import { calculatorUrl, totalsUrl } from './database-urls.ts';
import type { StackSecrets } from './stack-secrets.ts';
import type { StackSettings } from './stack-settings.ts';

/** Each service's migrations, run as that service's own role, so it owns what they create. */
export async function migrateServiceDatabases(
  settings: StackSettings,
  secrets: StackSecrets,
  log: (line: string) => void,
): Promise<void> {
  const targets = [
    { service: 'calculator', url: calculatorUrl(settings, secrets) },
    { service: 'totals', url: totalsUrl(settings, secrets) },
  ];
  for (const { service, url } of targets) {
    const db = createDatabase({ url, maxConnections: 1, applicationName: `${service}-migrations` });
    try {
      await runMigrations(
        db,
        path.join(PROJECT_ROOT, 'migrations', service),
        createLogger(`${service}-migrations`, 'warn'),
      );
      log(`${service}: database schema up to date`);
    } finally {
      await db.destroy();
    }
  }
}
