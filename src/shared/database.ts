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
}

export function createDatabase<Schema>(options: DatabaseOptions): Kysely<Schema> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections,
    application_name: options.applicationName,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  });
  return new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
}
