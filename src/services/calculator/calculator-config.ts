import { z } from 'zod';
import { grpcTlsShape } from '../shared/grpc-tls.ts';
import { loadConfig, logLevel, port, positiveInteger, postgresUrl } from '../shared/load-config.ts';

export function loadCalculatorConfig(environment: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(
    {
      CALCULATOR_GRPC_HOST: z.string().default('127.0.0.1'),
      CALCULATOR_GRPC_PORT: port(50051),
      CALCULATOR_DATABASE_URL: postgresUrl,
      // Transactions run side by side; requests arriving while all are busy share the next one.
      CALCULATOR_MAX_CONCURRENT_TRANSACTIONS: positiveInteger(2),
      CALCULATOR_MAX_BATCH_SIZE: positiveInteger(256),
      CALCULATOR_MAX_QUEUED_REQUESTS: positiveInteger(10_000),
      // Past this wait the database is not keeping up: new requests get UNAVAILABLE at once.
      CALCULATOR_MAX_QUEUE_WAIT_MS: positiveInteger(1_000),
      // A statement blocked longer than this (a lock, a stalled disk) fails, and its callers hear so.
      CALCULATOR_STATEMENT_TIMEOUT_MS: positiveInteger(5_000),
      CALCULATOR_MIGRATE_ON_START: z.stringbool().default(true),
      ...grpcTlsShape,
      LOG_LEVEL: logLevel,
    },
    environment,
  );
  return config;
}

export type CalculatorConfig = ReturnType<typeof loadCalculatorConfig>;
