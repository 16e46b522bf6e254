import type { Kysely } from 'kysely';
import { createDatabase } from '../shared/database.ts';
import type { Logger } from '../shared/logger.ts';
import { migrationsFolder, runMigrations } from '../shared/run-migrations.ts';

export type ServiceName = 'calculator' | 'totals';

/**
 * Each service's migrations, run as the role in its URL (the migration role, so it owns what they
 * create), one connection each; `afterMigrating` runs on that connection before it closes.
 */
export async function migrateServices(
  targets: { service: ServiceName; url: string }[],
  options: {
    logger: (service: ServiceName) => Logger;
    log: (line: string) => void;
    afterMigrating?: (service: ServiceName, db: Kysely<unknown>) => Promise<void>;
  },
): Promise<void> {
  for (const { service, url } of targets) {
    const db = createDatabase({ url, maxConnections: 1, applicationName: `${service}-migrations` });
    try {
      await runMigrations(db, migrationsFolder(service), options.logger(service));
      options.log(`${service}: database schema up to date`);
      await options.afterMigrating?.(service, db);
    } finally {
      await db.destroy();
    }
  }
}
