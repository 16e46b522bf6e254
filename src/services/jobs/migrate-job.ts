import { runMigrateJob } from './migrate-deployed-databases.ts';

// The image's `migrate`: the databases CALCULATOR_DATABASE_URL and TOTALS_DATABASE_URL name.
await runMigrateJob();
