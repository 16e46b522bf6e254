import type { Logger } from './logger.ts';

export interface PeriodicSample<Value> {
  /** The last value read, or undefined when the last read failed (a gauge then reports nothing). */
  latest(): Value | undefined;
  stop(): void;
}

/**
 * Reads a value now and then every `intervalMs`, one read at a time, for gauges whose source is a
 * query: metric collection then never waits on a database or a broker.
 */
export function samplePeriodically<Value>(
  what: string,
  read: () => Promise<Value>,
  intervalMs: number,
  logger: Logger,
): PeriodicSample<Value> {
  let latest: Value | undefined;
  let failing = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const sample = async () => {
    try {
      latest = await read();
      if (failing) logger.info({ what }, 'sampling works again');
      failing = false;
    } catch (error) {
      latest = undefined;
      // Once per outage, not every interval.
      if (!failing)
        logger.warn({ err: error, what }, 'could not sample; its gauge reports nothing meanwhile');
      failing = true;
    }
    if (!stopped) {
      timer = setTimeout(sample, intervalMs);
      timer.unref();
    }
  };
  void sample();

  return {
    latest: () => latest,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
