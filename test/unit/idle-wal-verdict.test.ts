import { describe, expect, it } from 'vitest';
import type { IdleWalResult, IdleWalSample } from '../../src/tooling/chaos/idle-wal.ts';
import { IDLE_WAL_BOUND, judgeIdleWal, retainedRatio } from '../../src/tooling/chaos/idle-wal-verdict.ts';

// Shaped like a measured healthy run at 1 MiB/s: the connector's slot trails by 20-50 s of WAL.
function healthyRun(): IdleWalResult {
  const trailing = [15, 20, 30, 20, 31, 25, 35, 46, 24, 34, 45, 24];
  return {
    connectorSlot: 'calculator_outbox_slot',
    controlSlot: 'idle_wal_control_42_x',
    writeMiBPerSecond: 1,
    durationSeconds: 120,
    samples: trailing.map((connector, index) => ({
      atSeconds: (index + 1) * 10,
      writtenMiB: (index + 1) * 10,
      connectorRetainedMiB: connector,
      controlRetainedMiB: (index + 1) * 10,
    })),
  };
}

function withLastSample(change: Partial<IdleWalSample>): IdleWalResult {
  const run = healthyRun();
  const last = run.samples.at(-1) as IdleWalSample;
  run.samples[run.samples.length - 1] = { ...last, ...change };
  return run;
}

describe('judgeIdleWal', () => {
  it('passes a slot that keeps letting go, judging only from the bound moment on', () => {
    const verdict = judgeIdleWal(healthyRun());
    expect(verdict.failures).toEqual([]);
    expect(verdict.ok).toBe(true);
    expect(verdict.worstRatio).toBe(0.2);
    expect(verdict.summary).toMatch(/^bounded: at 120 s .* at most 0.2x/);
  });

  it('fails a slot that retains as much as the control slot (the connector paused)', () => {
    const verdict = judgeIdleWal(withLastSample({ connectorRetainedMiB: 125 }));
    expect(verdict.ok).toBe(false);
    expect(verdict.failures).toEqual([
      "at 120 s the connector's slot retained 1.04x what the control slot did (125 of 120 MiB), above 0.6x",
    ]);
  });

  it('fails a ratio just above the bound and passes one at it', () => {
    expect(judgeIdleWal(withLastSample({ connectorRetainedMiB: 73 })).ok).toBe(false);
    expect(judgeIdleWal(withLastSample({ connectorRetainedMiB: 72 })).ok).toBe(true);
  });

  it('fails a missing connector slot at any sample, never reading it as nothing retained', () => {
    const run = healthyRun();
    (run.samples[2] as IdleWalSample).connectorRetainedMiB = null;
    const verdict = judgeIdleWal(run);
    expect(verdict.ok).toBe(false);
    expect(verdict.failures).toEqual(["at 30 s the connector's slot calculator_outbox_slot was missing"]);
  });

  it('fails a missing control slot, even at the judged sample where no ratio can be taken', () => {
    const verdict = judgeIdleWal(withLastSample({ controlRetainedMiB: null }));
    expect(verdict.ok).toBe(false);
    expect(verdict.failures).toEqual(['at 120 s the control slot idle_wal_control_42_x was missing']);
  });

  it('fails a run that wrote too little WAL for the ratio to mean anything', () => {
    const verdict = judgeIdleWal(
      withLastSample({ writtenMiB: 50, controlRetainedMiB: 50, connectorRetainedMiB: 5 }),
    );
    expect(verdict.ok).toBe(false);
    expect(verdict.failures).toEqual([
      'at 120 s only 50 MiB of WAL was written (at least 60 MiB needed to judge)',
    ]);
  });

  it('judges every sample from the bound moment on, not only the last', () => {
    const run = healthyRun();
    run.samples.push(
      { atSeconds: 130, writtenMiB: 130, connectorRetainedMiB: 100, controlRetainedMiB: 130 },
      { atSeconds: 140, writtenMiB: 140, connectorRetainedMiB: 10, controlRetainedMiB: 140 },
    );
    expect(judgeIdleWal(run).failures).toEqual([
      "at 130 s the connector's slot retained 0.77x what the control slot did (100 of 130 MiB), above 0.6x",
    ]);
  });

  it('judges the last sample of a run shorter than the bound moment', () => {
    const run = healthyRun();
    run.samples = run.samples.slice(0, 9);
    expect(judgeIdleWal(run).ok).toBe(true);
    (run.samples[8] as IdleWalSample).connectorRetainedMiB = 80;
    expect(judgeIdleWal(run).ok).toBe(false);
  });

  it('fails a run with no samples', () => {
    const run = healthyRun();
    run.samples = [];
    expect(judgeIdleWal(run).failures).toEqual(['no sample was taken']);
  });

  it('holds the bound docs/reliability.md states', () => {
    expect(IDLE_WAL_BOUND).toEqual({ maxRatio: 0.6, judgeFromSeconds: 120, minWrittenShareOfRate: 0.5 });
  });
});

describe('retainedRatio', () => {
  it('is null when either slot is missing, not zero', () => {
    const sample = { atSeconds: 10, writtenMiB: 10, connectorRetainedMiB: 5, controlRetainedMiB: 10 };
    expect(retainedRatio(sample)).toBe(0.5);
    expect(retainedRatio({ ...sample, connectorRetainedMiB: null })).toBeNull();
    expect(retainedRatio({ ...sample, controlRetainedMiB: null })).toBeNull();
  });
});
