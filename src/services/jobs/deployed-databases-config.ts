import { z } from 'zod';
import { loadConfig, postgresUrl } from '../shared/load-config.ts';

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
  return loadConfig(
    {
      CALCULATOR_DATABASE_URL: postgresUrl,
      TOTALS_DATABASE_URL: postgresUrl,
      DEBEZIUM_DB_USER: z.string().min(1).default('debezium'),
    },
    environment,
  );
}

export type DeployedDatabasesConfig = NonNullable<ReturnType<typeof loadDeployedDatabasesConfig>>;
