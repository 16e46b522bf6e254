import { LatencySample } from './latency-sample.ts';

export interface ClosedLoopResult {
  completed: number;
  failed: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  firstError?: string;
}

/**
 * Keeps `inFlight` operations running for the warm-up and then the measured duration; only
 * operations that start and finish inside the measured window count.
 */
export async function runClosedLoop(options: {
  inFlight: number;
  warmupMs: number;
  durationMs: number;
  operation: (worker: number, sequence: number) => Promise<void>;
}): Promise<ClosedLoopResult> {
  const startedAt = performance.now();
  const measureFrom = startedAt + options.warmupMs;
  const measureUntil = measureFrom + options.durationMs;
  const latencies = new LatencySample();
  let failed = 0;
  let firstError: string | undefined;

  const worker = async (index: number) => {
    for (let sequence = 0; performance.now() < measureUntil; sequence++) {
      const begin = performance.now();
      try {
        await options.operation(index, sequence);
        const end = performance.now();
        if (begin >= measureFrom && end <= measureUntil) latencies.add(end - begin);
      } catch (error) {
        if (begin >= measureFrom) failed += 1;
        firstError ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: options.inFlight }, (_, index) => worker(index)));
  return {
    completed: latencies.count,
    failed,
    perSecond: latencies.count / (options.durationMs / 1000),
    p50Ms: latencies.percentile(50),
    p99Ms: latencies.percentile(99),
    ...(firstError ? { firstError } : {}),
  };
}
