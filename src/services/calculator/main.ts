import { CalculatorServiceDefinition } from '../../generated/calculator/v1/calculator.pb.ts';
import { createDatabase } from '../shared/database.ts';
import { serveGrpc } from '../shared/grpc-server.ts';
import { createLogger } from '../shared/logger.ts';
import { migrationsFolder, runMigrations } from '../shared/run-migrations.ts';
import { startServiceHealth } from '../shared/service-health.ts';
import { stopOnSignals } from '../shared/stop-on-signals.ts';
import { createCalculationRecorder } from './calculation-recorder.ts';
import { loadCalculatorConfig } from './calculator-config.ts';
import type { CalculatorDatabase } from './calculator-database.ts';
import { startCalculatorGauges } from './calculator-gauges.ts';
import { createCalculatorService } from './calculator-service.ts';

const config = loadCalculatorConfig();
const logger = createLogger('calculator', config.LOG_LEVEL);

const db = createDatabase<CalculatorDatabase>({
  url: config.CALCULATOR_DATABASE_URL,
  maxConnections: config.CALCULATOR_MAX_CONCURRENT_TRANSACTIONS + 1,
  applicationName: 'calculator',
  onConnectionError: (error) =>
    logger.warn({ err: error }, 'a database connection broke; the pool replaces it'),
  statementTimeoutMs: config.CALCULATOR_STATEMENT_TIMEOUT_MS,
});
if (config.CALCULATOR_MIGRATE_ON_START) {
  await runMigrations(db, migrationsFolder('calculator'), logger);
}

const recorder = createCalculationRecorder(db, {
  maxBatchSize: config.CALCULATOR_MAX_BATCH_SIZE,
  maxConcurrentTransactions: config.CALCULATOR_MAX_CONCURRENT_TRANSACTIONS,
  lingerMs: config.CALCULATOR_BATCH_LINGER_MS,
  maxQueuedItems: config.CALCULATOR_MAX_QUEUED_REQUESTS,
  maxQueueWaitMs: config.CALCULATOR_MAX_QUEUE_WAIT_MS,
});
const stopGauges = startCalculatorGauges(db, logger);
const { server, health, serviceNames } = await serveGrpc({
  name: 'calculator',
  definition: CalculatorServiceDefinition,
  implementation: createCalculatorService(recorder),
  host: config.CALCULATOR_GRPC_HOST,
  port: config.CALCULATOR_GRPC_PORT,
  tls: config,
  logger,
});
// SERVING while the database answers; NOT_SERVING during an outage, so readiness takes it out of rotation.
const serviceHealth = startServiceHealth({
  health,
  serviceNames,
  databaseUrl: config.CALCULATOR_DATABASE_URL,
  applicationName: 'calculator',
  logger,
});

stopOnSignals(logger, async () => {
  await serviceHealth.stop();
  await server.shutdown();
  await recorder.whenIdle();
  stopGauges();
  await db.destroy();
});
