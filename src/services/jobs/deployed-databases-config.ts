import { z } from 'zod';
import { databaseCaFile, withDatabaseCa } from '../shared/database-ca.ts';
import { loadConfig, postgresUrl } from '../shared/load-config.ts';

const role = (fallback: string, description: string) =>
  z.string().min(1).default(fallback).describe(description);

/** The migrate job's variables; each description is what `npm run config:generate` prints for it. */
export const deployedDatabasesConfigShape = {
  CALCULATOR_MIGRATION_DATABASE_URL: postgresUrl.describe(
    "The calculator's database as the migration role (postgres:// URL): the owner of its tables and " +
      'publication, the only role that runs DDL. Only the migrate job gets it, never the services.',
  ),
  TOTALS_MIGRATION_DATABASE_URL: postgresUrl.describe(
    "The totals keeper's database as the migration role (postgres:// URL). Only the migrate job gets it.",
  ),
  CALCULATOR_DATABASE_CA_FILE: databaseCaFile("the calculator's"),
  TOTALS_DATABASE_CA_FILE: databaseCaFile("the totals keeper's"),
  CALCULATOR_DB_ROLE: role(
    'calculator',
    "The calculator's runtime role; the migrate job grants it the DML it uses on its tables, nothing more.",
  ),
  TOTALS_DB_ROLE: role(
    'totals',
    "The totals keeper's runtime role; the migrate job grants it the DML it uses on its tables, nothing more.",
  ),
  DEBEZIUM_DB_USER: role(
    'debezium',
    'The role Debezium replicates as; the migrate job grants it what reading the outbox needs.',
  ),
};

/**
 * Databases made by someone else (a Kubernetes operator, a managed service): each one's URL as the
 * migration role, and the roles to grant to. Undefined when neither URL is set, meaning the local
 * stack's, unless they are `required` (the image has no local stack).
 */
export function loadDeployedDatabasesConfig(
  environment: NodeJS.ProcessEnv = process.env,
  { required = false } = {},
) {
  if (
    !required &&
    !environment.CALCULATOR_MIGRATION_DATABASE_URL &&
    !environment.TOTALS_MIGRATION_DATABASE_URL
  )
    return undefined;
  const config = loadConfig(deployedDatabasesConfigShape, environment);
  return Object.freeze({
    ...config,
    CALCULATOR_MIGRATION_DATABASE_URL: withDatabaseCa(
      config.CALCULATOR_MIGRATION_DATABASE_URL,
      config.CALCULATOR_DATABASE_CA_FILE,
    ),
    TOTALS_MIGRATION_DATABASE_URL: withDatabaseCa(
      config.TOTALS_MIGRATION_DATABASE_URL,
      config.TOTALS_DATABASE_CA_FILE,
    ),
  });
}

export type DeployedDatabasesConfig = NonNullable<ReturnType<typeof loadDeployedDatabasesConfig>>;
