import type { HealthState } from 'nice-grpc-server-health';
import { probeDatabase } from './database-probe.ts';
import { HealthReporter } from './health-reporter.ts';
import type { Logger } from './logger.ts';

// Short enough for a readiness probe to see an outage within seconds, long enough to cost nothing.
const DATABASE_CHECK_EVERY_MS = 2_000;
const DATABASE_CHECK_TIMEOUT_MS = 1_500;

/**
 * The health service name a liveness probe asks: SERVING for as long as the process answers at all. A
 * database outage makes the service NOT_SERVING (out of rotation) but is no reason to restart it.
 */
export const LIVENESS_SERVICE = 'liveness';

/**
 * The service's health answer: its database is checked here; other conditions (the consumer) are
 * reported by the caller. Returns the reporter and a function that stops the checks.
 */
export function startServiceHealth(options: {
  health: HealthState;
  serviceNames: readonly string[];
  databaseUrl: string;
  applicationName: string;
  otherConditions?: readonly string[];
  logger: Logger;
}) {
  options.health.setStatus('healthy', LIVENESS_SERVICE);
  const reporter = new HealthReporter(options.health, options.serviceNames, options.logger, [
    'database',
    ...(options.otherConditions ?? []),
  ]);
  const stopProbe = probeDatabase({
    url: options.databaseUrl,
    applicationName: `${options.applicationName} health`,
    intervalMs: DATABASE_CHECK_EVERY_MS,
    timeoutMs: DATABASE_CHECK_TIMEOUT_MS,
    onResult: (condition) => reporter.set('database', condition),
  });
  return {
    reporter,
    stop: async () => {
      reporter.stopping();
      await stopProbe();
    },
  };
}
