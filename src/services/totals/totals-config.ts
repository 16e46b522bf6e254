import { z } from 'zod';
import { CALCULATION_EVENTS_TOPIC } from '../shared/calculation-recorded-event.ts';
import { grpcTlsShape } from '../shared/grpc-tls.ts';
import { loadConfig, logLevel, port, postgresUrl } from '../shared/load-config.ts';

export function loadTotalsConfig(environment: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      TOTALS_GRPC_HOST: z.string().default('127.0.0.1'),
      TOTALS_GRPC_PORT: port(50052),
      TOTALS_DATABASE_URL: postgresUrl,
      KAFKA_BROKERS: z
        .string({ error: 'is required (comma-separated host:port list)' })
        .transform((list) =>
          list
            .split(',')
            .map((broker) => broker.trim())
            .filter(Boolean),
        )
        .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'must be host:port')).min(1)),
      TOTALS_TOPIC: z.string().min(1).default(CALCULATION_EVENTS_TOPIC),
      TOTALS_CONSUMER_GROUP: z.string().min(1).default('totals-keeper'),
      TOTALS_MIGRATE_ON_START: z.stringbool().default(true),
      ...grpcTlsShape,
      LOG_LEVEL: logLevel,
    },
    environment,
  );
}
