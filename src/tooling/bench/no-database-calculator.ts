/**
 * The calculator's gRPC server with the database write removed: the same request validation, exact
 * addition, middleware and telemetry, answering at once. It measures what the front door costs before
 * any transaction.
 */
import { randomUUID } from 'node:crypto';
import { CalculatorServiceDefinition } from '../../generated/calculator/v1/calculator.pb.ts';
import { loadCalculatorConfig } from '../../services/calculator/calculator-config.ts';
import { createCalculatorService } from '../../services/calculator/calculator-service.ts';
import { serveGrpc } from '../../services/shared/grpc-server.ts';
import { createLogger } from '../../services/shared/logger.ts';
import { stopOnSignals } from '../../services/shared/stop-on-signals.ts';

const config = loadCalculatorConfig({ CALCULATOR_DATABASE_URL: 'postgres://unused', ...process.env });
const logger = createLogger('calculator-without-database', config.LOG_LEVEL);
const { server, health } = await serveGrpc({
  name: 'calculator without database',
  definition: CalculatorServiceDefinition,
  implementation: createCalculatorService({
    submit: async (calculation) => ({ kind: 'recorded', calculationId: randomUUID(), sum: calculation.sum }),
  }),
  host: config.CALCULATOR_GRPC_HOST,
  port: config.CALCULATOR_GRPC_PORT,
  tls: config,
  logger,
});
health.setStatus('healthy');
stopOnSignals(logger, () => server.shutdown());
