import type { IdleWalResult, IdleWalSample } from './idle-wal.ts';

export interface IdleWalBound {
  /** Most WAL the connector's slot may retain, as a fraction of what the control slot retains. */
  maxRatio: number;
  /** Samples from this moment on are judged (earlier, the control slot has retained too little to compare). */
  judgeFromSeconds: number;
  /** Least WAL written, as a fraction of the intended rate, for a sample to be worth judging. */
  minWrittenShareOfRate: number;
}

// Measured on the local stack at 1 and 3 MiB/s: the connector's restart LSN moves on about every 30 s
// and trails the server by 20-60 s of WAL whatever the rate, so its share of what the control slot
// holds shrinks with time: up to about 0.65x at 90 s, 0.5x at 120 s, 0.1x at 10 min. With the
// connector paused it stays above 1.0x. From 120 s on, 0.6x fails a slot that trails by more than
// 72 s or that stopped moving in the first 48 s, and leaves a healthy one room.
export const IDLE_WAL_BOUND: IdleWalBound = {
  maxRatio: 0.6,
  judgeFromSeconds: 120,
  minWrittenShareOfRate: 0.5,
};

export interface IdleWalVerdict {
  ok: boolean;
  /** The highest ratio among the judged samples; null when none could be computed. */
  worstRatio: number | null;
  /** One line per failure, naming the sample and what was wrong. */
  failures: string[];
  /** One sentence for the report and the console. */
  summary: string;
}

/** What the connector's slot retains as a fraction of what the control slot retains; null if either is missing. */
export function retainedRatio(sample: IdleWalSample): number | null {
  const { connectorRetainedMiB: connector, controlRetainedMiB: control } = sample;
  if (connector === null || control === null || control <= 0) return null;
  return Math.round((connector / control) * 100) / 100;
}

/**
 * A quiet outbox must not pin the server's WAL: from `judgeFromSeconds` on (and at least at the last
 * sample), the connector's slot retains at most `maxRatio` of what the control slot retains. A slot
 * missing at any sample fails the run rather than counting as nothing retained.
 */
export function judgeIdleWal(result: IdleWalResult, bound: IdleWalBound = IDLE_WAL_BOUND): IdleWalVerdict {
  const failures: string[] = [];
  const { samples } = result;
  for (const sample of samples) {
    if (sample.connectorRetainedMiB === null)
      failures.push(`at ${sample.atSeconds} s the connector's slot ${result.connectorSlot} was missing`);
    if (sample.controlRetainedMiB === null)
      failures.push(`at ${sample.atSeconds} s the control slot ${result.controlSlot} was missing`);
  }
  const last = samples.at(-1);
  if (!last) failures.push('no sample was taken');
  const judgeFrom = Math.min(bound.judgeFromSeconds, last?.atSeconds ?? 0);
  const judged = samples.filter((sample) => sample.atSeconds >= judgeFrom);
  const ratios: number[] = [];
  for (const sample of judged) {
    const leastWritten = bound.minWrittenShareOfRate * result.writeMiBPerSecond * sample.atSeconds;
    if (sample.writtenMiB < leastWritten)
      failures.push(
        `at ${sample.atSeconds} s only ${sample.writtenMiB} MiB of WAL was written (at least ${leastWritten} MiB needed to judge)`,
      );
    const ratio = retainedRatio(sample);
    if (ratio === null) continue;
    ratios.push(ratio);
    if (ratio > bound.maxRatio)
      failures.push(
        `at ${sample.atSeconds} s the connector's slot retained ${ratio}x what the control slot did (${sample.connectorRetainedMiB} of ${sample.controlRetainedMiB} MiB), above ${bound.maxRatio}x`,
      );
  }
  const worstRatio = ratios.length > 0 ? Math.max(...ratios) : null;
  if (judged.length > 0 && worstRatio === null && failures.length === 0)
    failures.push('no judged sample had a ratio to compare');
  const ok = failures.length === 0;
  const end = last?.atSeconds ?? 0;
  const scope = judgeFrom === end ? `at ${end} s` : `from ${judgeFrom} s to ${end} s`;
  return {
    ok,
    worstRatio,
    failures,
    summary: ok
      ? `bounded: ${scope} the connector's slot retained at most ${worstRatio}x the WAL the control slot retained (bound ${bound.maxRatio}x)`
      : `NOT BOUNDED: ${failures.join('; ')}`,
  };
}
