import { z } from 'zod';
import { loadConfig, postgresUrl } from '../shared/load-config.ts';

/** The migrate job's variables; each description is what `npm run config:generate` prints for it. */
export const deployedDatabasesConfigShape = {
  CALCULATOR_DATABASE_URL: postgresUrl.describe(
    "The calculator's Postgres database (postgres:// URL), whose outbox table Debezium reads.",
  ),
  TOTALS_DATABASE_URL: postgresUrl.describe(
    "The totals keeper's Postgres database (postgres:// URL): the running total and the offsets it consumed.",
  ),
  DEBEZIUM_DB_USER: z
    .string()
    .min(1)
    .default('debezium')
    .describe('The role Debezium replicates as; the migrate job grants it what reading the outbox needs.'),
};

/**
 * Databases made by someone else (a Kubernetes operator, a managed service): each service's own URL,
 * and the role Debezium replicates as. Undefined when neither URL is set, meaning the local stack's,
 * unless they are `required` (the image has no local stack).
 */
export function loadDeployedDatabasesConfig(
  environment: NodeJS.ProcessEnv = process.env,
  { required = false } = {},
) {
  if (!required && !environment.CALCULATOR_DATABASE_URL && !environment.TOTALS_DATABASE_URL) return undefined;
  return loadConfig(deployedDatabasesConfigShape, environment);
}

export type DeployedDatabasesConfig = NonNullable<ReturnType<typeof loadDeployedDatabasesConfig>>;
