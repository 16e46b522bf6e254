import { z } from 'zod';

/**
 * Parses the environment against a schema once, fails naming every bad variable, and freezes the
 * result. Nothing else in a service reads `process.env`.
 */
export function loadConfig<Shape extends z.ZodRawShape>(
  shape: Shape,
  environment: NodeJS.ProcessEnv = process.env,
): Readonly<z.infer<z.ZodObject<Shape>>> {
  const parsed = z.object(shape).safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return Object.freeze(parsed.data);
}

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);
export const positiveInteger = (fallback: number) => z.coerce.number().int().positive().default(fallback);
export const nonNegativeInteger = (fallback: number) => z.coerce.number().int().min(0).default(fallback);
export const logLevel = z
  .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal'])
  .default('info')
  .describe('Lowest log level written: trace, debug, info, warn, error or fatal.');
export const postgresUrl = z
  .string({ error: 'is required (a postgres:// connection URL)' })
  .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection URL');

/** Off by default: the migrate job runs the migrations as the migration role, the service's role runs no DDL. */
export const migrateOnStart = z
  .stringbool()
  .default(false)
  .describe(
    'Apply the database migrations at start. Off: the migrate job runs them as the migration role, and ' +
      "the service's own role may not run DDL; only for a database the service's role owns.",
  );
