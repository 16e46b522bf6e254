import { LatencySample } from './latency-sample.ts';

export interface OpenLoopResult {
  sent: number;
  ok: number;
  failed: number;
  /** Sends skipped because `maxInFlight` calls were already waiting: the target was not keeping up. */
  skipped: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Starts operations at a fixed rate whatever the target's answers, as real clients do; latency is
 * measured from each operation's scheduled start, so a stalled target is not hidden.
 */
export async function runOpenLoop(options: {
  ratePerSecond: number;
  durationMs: number;
  maxInFlight: number;
  operation: (sequence: number) => Promise<void>;
  onTick?: (elapsedMs: number) => void;
}): Promise<OpenLoopResult> {
  const latencies = new LatencySample();
  const intervalMs = 1000 / options.ratePerSecond;
  const startedAt = performance.now();
  const pending = new Set<Promise<void>>();
  let sequence = 0;
  let ok = 0;
  let failed = 0;
  let skipped = 0;
  let lastTick = startedAt;

  while (performance.now() - startedAt < options.durationMs) {
    const now = performance.now();
    // Everything due by now starts now; the loop sleeps only when it is ahead of schedule.
    while (startedAt + sequence * intervalMs <= now) {
      const scheduledAt = startedAt + sequence * intervalMs;
      const current = sequence++;
      if (pending.size >= options.maxInFlight) {
        skipped += 1;
        continue;
      }
      const call = options.operation(current).then(
        () => {
          ok += 1;
          latencies.add(performance.now() - scheduledAt);
        },
        () => {
          failed += 1;
        },
      );
      pending.add(call);
      void call.finally(() => pending.delete(call));
    }
    if (now - lastTick >= 1000) {
      options.onTick?.(now - startedAt);
      lastTick = now;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(10, intervalMs))));
  }
  await Promise.all(pending);
  return {
    sent: ok + failed,
    ok,
    failed,
    skipped,
    p50Ms: latencies.percentile(50),
    p99Ms: latencies.percentile(99),
  };
}
