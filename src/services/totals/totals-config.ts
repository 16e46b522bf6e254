import { z } from 'zod';
import { CALCULATION_EVENTS_TOPIC } from '../shared/calculation-recorded-event.ts';
import { databaseCaFile, withDatabaseCa } from '../shared/database-ca.ts';
import { grpcTlsShape } from '../shared/grpc-tls.ts';
import { kafkaClientSecurityShape } from '../shared/kafka-client-security.ts';
import {
  loadConfig,
  logLevel,
  migrateOnStart,
  port,
  positiveInteger,
  postgresUrl,
} from '../shared/load-config.ts';

/** The totals keeper's variables; each description is what `npm run config:generate` prints for it. */
export const totalsConfigShape = {
  TOTALS_GRPC_HOST: z
    .string()
    .default('127.0.0.1')
    .describe("Address the totals keeper's gRPC server binds."),
  TOTALS_GRPC_PORT: port(20052).describe("Port of the totals keeper's gRPC server."),
  TOTALS_DATABASE_URL: postgresUrl.describe(
    "The totals keeper's Postgres database (postgres:// URL): the running total and the offsets it consumed. " +
      'TLS is chosen here as libpq does (sslmode=verify-full&sslrootcert=<CA file>) or by TOTALS_DATABASE_CA_FILE.',
  ),
  TOTALS_DATABASE_CA_FILE: databaseCaFile("the totals keeper's"),
  KAFKA_BROKERS: z
    .string({ error: 'is required (comma-separated host:port list)' })
    .transform((list) =>
      list
        .split(',')
        .map((broker) => broker.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'must be host:port')).min(1))
    .describe('Kafka bootstrap brokers, a comma-separated host:port list.'),
  ...kafkaClientSecurityShape,
  TOTALS_TOPIC: z
    .string()
    .min(1)
    .default(CALCULATION_EVENTS_TOPIC)
    .describe("Topic the totals keeper consumes: where Debezium's outbox routing writes the events."),
  TOTALS_CONSUMER_GROUP: z
    .string()
    .min(1)
    .default('totals-keeper')
    .describe("The totals keeper's Kafka consumer group."),
  TOTALS_STATEMENT_TIMEOUT_MS: positiveInteger(15_000).describe(
    'A statement blocked longer than this fails and its batch is retried; 2 s past it the keeper gives up on an answer that has not come (a dead link). Above the longest batch a catch-up applies.',
  ),
  TOTALS_MIGRATE_ON_START: migrateOnStart,
  ...grpcTlsShape,
  LOG_LEVEL: logLevel,
};

export function loadTotalsConfig(environment: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(totalsConfigShape, environment);
  return Object.freeze({
    ...config,
    TOTALS_DATABASE_URL: withDatabaseCa(config.TOTALS_DATABASE_URL, config.TOTALS_DATABASE_CA_FILE),
  });
}
