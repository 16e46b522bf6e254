import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

// NUMERIC and BIGINT arrive as strings: parsing them into JS numbers would lose digits.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => value);
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => value);

const CONNECTION_TIMEOUT_MS = 5_000;
const QUERY_TIMEOUT_MARGIN_MS = 2_000;

export interface DatabaseOptions {
  url: string;
  maxConnections: number;
  applicationName: string;
  /**
   * Postgres cancels a statement that runs longer; unset means no limit. When set, the client also gives
   * up on a statement whose answer has not arrived 2 s after that (`query_timeout`): the server would
   * have answered by then, so the link is dead (a half-open connection, which no TCP keepalive catches
   * behind a proxy or a load balancer that still answers for the server).
   */
  statementTimeoutMs?: number;
  /**
   * Told when a connection breaks (the server restarted or the network dropped it), idle in the pool or
   * in use; the pool replaces it, and a statement in flight on it fails with its own error.
   */
  onConnectionError?: (error: Error) => void;
}

export function createDatabase<Schema>(options: DatabaseOptions): Kysely<Schema> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections,
    application_name: options.applicationName,
    // A connection whose TLS handshake or login gets no answer (a link that swallows everything) fails
    // instead of waiting for ever.
    connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
    ...(options.statementTimeoutMs
      ? {
          statement_timeout: options.statementTimeoutMs,
          query_timeout: options.statementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS,
        }
      : {}),
  });
  // A connection that breaks emits 'error' on its client, and a pool with an idle one re-emits it. With no
  // listener either is an unhandled 'error' event that takes the process down. pg-pool listens on a
  // client only while it is idle, so a connection checked out for a transaction when Postgres dies would
  // crash the service: every client gets its own listener for its whole life.
  pool.on('connect', (client) => {
    client.on('error', (error) => options.onConnectionError?.(error));
  });
  // Already reported by the client's own listener above; the pool drops the client and connects anew.
  pool.on('error', () => {});
  return new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
}
