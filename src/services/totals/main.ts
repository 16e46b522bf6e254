import { Kafka, logLevel } from 'kafkajs';
import { TotalsServiceDefinition } from '../../generated/totals/v1/totals.pb.ts';
import { createDatabase } from '../shared/database.ts';
import { serveGrpc } from '../shared/grpc-server.ts';
import { kafkaClientSecurity } from '../shared/kafka-client-security.ts';
import { kafkaLogCreator } from '../shared/kafka-log-bridge.ts';
import { createLogger } from '../shared/logger.ts';
import { migrationsFolder, runMigrations } from '../shared/run-migrations.ts';
import { startServiceHealth } from '../shared/service-health.ts';
import { serviceInstanceId } from '../shared/service-instance-id.ts';
import { stopOnSignals } from '../shared/stop-on-signals.ts';
import { startLedgerGauges } from './ledger-gauges.ts';
import { observeOffsetGaps } from './offset-gap-gauge.ts';
import { loadTotalsConfig } from './totals-config.ts';
import { startTotalsConsumer } from './totals-consumer.ts';
import type { TotalsDatabase } from './totals-database.ts';
import { createTotalsService } from './totals-service.ts';

const config = loadTotalsConfig();
// Read now, so a half-configured SASL/TLS setup fails before anything connects.
const kafkaSecurity = kafkaClientSecurity(config);
const logger = createLogger('totals', config.LOG_LEVEL);

const db = createDatabase<TotalsDatabase>({
  url: config.TOTALS_DATABASE_URL,
  maxConnections: 4,
  // Names this process in pg_stat_activity and in the applied_batches it writes: with several keepers,
  // which one applied what.
  applicationName: `totals ${serviceInstanceId()}`,
  statementTimeoutMs: config.TOTALS_STATEMENT_TIMEOUT_MS,
  onConnectionError: (error) =>
    logger.warn({ err: error }, 'a database connection broke; the pool replaces it'),
});
if (config.TOTALS_MIGRATE_ON_START) {
  await runMigrations(db, migrationsFolder('totals'), logger);
}

const { server, health, serviceNames } = await serveGrpc({
  name: 'totals',
  definition: TotalsServiceDefinition,
  implementation: createTotalsService(db),
  host: config.TOTALS_GRPC_HOST,
  port: config.TOTALS_GRPC_PORT,
  tls: config,
  logger,
});

const kafka = new Kafka({
  clientId: 'totals',
  brokers: config.KAFKA_BROKERS,
  ...kafkaSecurity,
  // A request without an answer in 10 s fails and is retried (kafkajs's default is 30 s), and a TLS
  // handshake gets 3 s: how soon a link that swallows everything is noticed.
  requestTimeout: 10_000,
  connectionTimeout: 3_000,
  logLevel: logLevel.INFO,
  logCreator: kafkaLogCreator(logger),
});
// SERVING while the database answers and the consumer owns partitions and keeps fetching.
const serviceHealth = startServiceHealth({
  health,
  serviceNames,
  databaseUrl: config.TOTALS_DATABASE_URL,
  applicationName: 'totals',
  otherConditions: ['consumer'],
  logger,
});
const totals = await startTotalsConsumer({
  kafka,
  db,
  topic: config.TOTALS_TOPIC,
  groupId: config.TOTALS_CONSUMER_GROUP,
  logger,
  // Exit, so the supervisor starts a fresh consumer, rather than live on consuming nothing.
  onFatal: (error) => {
    logger.fatal({ err: error }, 'consumer stopped after an error it will not retry; exiting');
    process.exit(1);
  },
  reportHealth: (condition) => serviceHealth.reporter.set('consumer', condition),
}).catch((error: unknown) => {
  logger.fatal(
    { err: error, topic: config.TOTALS_TOPIC, brokers: config.KAFKA_BROKERS },
    'could not start consuming',
  );
  process.exit(1);
});
observeOffsetGaps(totals, config.TOTALS_TOPIC);
const stopGauges = startLedgerGauges({ kafka, db, topic: config.TOTALS_TOPIC, logger });

stopOnSignals(logger, async () => {
  await serviceHealth.stop();
  await totals.stop();
  await stopGauges();
  await server.shutdown();
  await db.destroy();
});
