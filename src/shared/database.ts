import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

// NUMERIC and BIGINT arrive as strings: parsing them into JS numbers would lose digits.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => value);
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => value);

export interface DatabaseOptions {
  url: string;
  maxConnections: number;
  applicationName: string;
  /** Postgres cancels a statement that runs longer; unset means no limit. */
  statementTimeoutMs?: number;
  /** Told when an idle pooled connection breaks (the server restarted); the pool replaces it. */
  onIdleConnectionError?: (error: Error) => void;
}

export function createDatabase<Schema>(options: DatabaseOptions): Kysely<Schema> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections,
    application_name: options.applicationName,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  });
  // Without a listener, a connection that breaks while idle in the pool (Postgres restarting) would be an
  // unhandled 'error' event and take the process down; the pool drops it and connects anew when asked.
  pool.on('error', (error) => options.onIdleConnectionError?.(error));
  return new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
}
