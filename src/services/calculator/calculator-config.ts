import { z } from 'zod';
import { databaseCaFile, withDatabaseCa } from '../shared/database-ca.ts';
import { grpcTlsShape } from '../shared/grpc-tls.ts';
import {
  loadConfig,
  logLevel,
  migrateOnStart,
  nonNegativeInteger,
  port,
  positiveInteger,
  postgresUrl,
} from '../shared/load-config.ts';

/** The calculator's variables; each description is what `npm run config:generate` prints for it. */
export const calculatorConfigShape = {
  CALCULATOR_GRPC_HOST: z
    .string()
    .default('127.0.0.1')
    .describe("Address the calculator's gRPC server binds."),
  CALCULATOR_GRPC_PORT: port(20051).describe("Port of the calculator's gRPC server."),
  CALCULATOR_DATABASE_URL: postgresUrl.describe(
    "The calculator's Postgres database (postgres:// URL), whose outbox table Debezium reads. TLS is " +
      'chosen here as libpq does (sslmode=verify-full&sslrootcert=<CA file>) or by CALCULATOR_DATABASE_CA_FILE.',
  ),
  CALCULATOR_DATABASE_CA_FILE: databaseCaFile("the calculator's"),
  CALCULATOR_MAX_CONCURRENT_TRANSACTIONS: positiveInteger(2).describe(
    'Transactions run side by side; requests arriving while all are busy share the next one.',
  ),
  CALCULATOR_MAX_BATCH_SIZE: positiveInteger(256).describe('Most additions one transaction records.'),
  CALCULATOR_BATCH_LINGER_MS: nonNegativeInteger(5).describe(
    'How long the first waiting request may wait for others to share its transaction when one could start ' +
      'at once: each transaction costs a round trip and a WAL flush, so at low rates a few milliseconds ' +
      'buy larger batches and less CPU per addition. 0 starts every transaction at once.',
  ),
  CALCULATOR_MAX_QUEUED_REQUESTS: positiveInteger(10_000).describe(
    'Requests that may wait for a transaction; past that, new ones get UNAVAILABLE at once.',
  ),
  CALCULATOR_MAX_QUEUE_WAIT_MS: positiveInteger(1_000).describe(
    'Past this wait the database is not keeping up: new requests get UNAVAILABLE at once.',
  ),
  CALCULATOR_STATEMENT_TIMEOUT_MS: positiveInteger(5_000).describe(
    'A statement blocked longer than this (a lock, a stalled disk) fails, and its callers hear so.',
  ),
  CALCULATOR_MIGRATE_ON_START: migrateOnStart,
  ...grpcTlsShape,
  LOG_LEVEL: logLevel,
};

export function loadCalculatorConfig(environment: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(calculatorConfigShape, environment);
  return Object.freeze({
    ...config,
    CALCULATOR_DATABASE_URL: withDatabaseCa(
      config.CALCULATOR_DATABASE_URL,
      config.CALCULATOR_DATABASE_CA_FILE,
    ),
  });
}

export type CalculatorConfig = ReturnType<typeof loadCalculatorConfig>;
