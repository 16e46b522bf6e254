import { flushTelemetry } from '../telemetry/telemetry-shutdown.ts';
import type { Logger } from './logger.ts';

/**
 * On SIGTERM or SIGINT, runs `stop` once (finish in-flight work, close connections), flushes telemetry
 * and exits; a second signal, or a stop that hangs past the grace period, exits at once.
 */
export function stopOnSignals(logger: Logger, stop: () => Promise<void>, graceMs = 20_000): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping');
    const deadline = setTimeout(() => {
      logger.error({ graceMs }, 'stop took too long: exiting');
      process.exit(1);
    }, graceMs);
    deadline.unref();
    stop().then(
      async () => {
        logger.info('stopped');
        await flushTelemetry();
        process.exit(0);
      },
      async (error: unknown) => {
        logger.error({ err: error }, 'error while stopping');
        await flushTelemetry();
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
