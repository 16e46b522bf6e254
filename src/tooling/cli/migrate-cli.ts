import { runMigrateJob } from '../../services/jobs/migrate-deployed-databases.ts';
import { prepareLocalDatabases } from '../stack/migrate-service-databases.ts';
import { loadOrCreateSecrets } from '../stack/stack-secrets.ts';
import { loadStackSettings } from '../stack/stack-settings.ts';

// `npm run migrate`: with CALCULATOR_DATABASE_URL and TOTALS_DATABASE_URL (a deployment), the image's
// job, on databases that exist already; otherwise the local stack's, which makes them first.
await runMigrateJob(async (log) => {
  const settings = loadStackSettings();
  await prepareLocalDatabases(settings, loadOrCreateSecrets(settings), log);
});
