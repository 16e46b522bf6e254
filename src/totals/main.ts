import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { TotalsServiceDefinition } from '../generated/totals/v1/totals.pb.ts';
import { createDatabase } from '../shared/database.ts';
import { createGrpcServer, listen } from '../shared/grpc-server.ts';
import { describeTransport, grpcListenSecurity } from '../shared/grpc-tls.ts';
import { kafkaLogCreator } from '../shared/kafka-log-bridge.ts';
import { createLogger } from '../shared/logger.ts';
import { runMigrations } from '../shared/run-migrations.ts';
import { stopOnSignals } from '../shared/stop-on-signals.ts';
import { decodingSafely } from '../shared/undecodable-requests.ts';
import { startLedgerGauges } from './ledger-gauges.ts';
import { loadTotalsConfig } from './totals-config.ts';
import { startTotalsConsumer } from './totals-consumer.ts';
import type { TotalsDatabase } from './totals-database.ts';
import { createTotalsService } from './totals-service.ts';

const config = loadTotalsConfig();
const logger = createLogger('totals', config.LOG_LEVEL);

const db = createDatabase<TotalsDatabase>({
  url: config.TOTALS_DATABASE_URL,
  maxConnections: 4,
  applicationName: 'totals',
  onIdleConnectionError: (error) =>
    logger.warn({ err: error }, 'an idle database connection broke; the pool replaces it'),
});
if (config.TOTALS_MIGRATE_ON_START) {
  await runMigrations(db, fileURLToPath(new URL('../../migrations/totals', import.meta.url)), logger);
}

const { server, health } = createGrpcServer(['totals.v1.TotalsService'], logger);
server.add(decodingSafely(TotalsServiceDefinition), createTotalsService(db));
const security = grpcListenSecurity(config);
const address = await listen(server, config.TOTALS_GRPC_HOST, config.TOTALS_GRPC_PORT, security.credentials);
logger.info(
  { address, transport: security.transport },
  `totals listening: ${describeTransport(security.transport)}`,
);

const kafka = new Kafka({
  clientId: 'totals',
  brokers: config.KAFKA_BROKERS,
  logLevel: logLevel.INFO,
  logCreator: kafkaLogCreator(logger),
});
const consumer = await startTotalsConsumer({
  kafka,
  db,
  topic: config.TOTALS_TOPIC,
  groupId: config.TOTALS_CONSUMER_GROUP,
  logger,
}).catch((error: unknown) => {
  logger.fatal(
    { err: error, topic: config.TOTALS_TOPIC, brokers: config.KAFKA_BROKERS },
    'could not start consuming',
  );
  process.exit(1);
});
const stopGauges = startLedgerGauges({ kafka, db, topic: config.TOTALS_TOPIC, logger });
health.setStatus('healthy');

stopOnSignals(logger, async () => {
  health.setStatus('unhealthy');
  // disconnect() lets the batch in progress finish its transaction before leaving the group.
  await consumer.disconnect();
  await stopGauges();
  await server.shutdown();
  await db.destroy();
});
