import { describe, expect, it } from 'vitest';
import { type AppliedBatch, applyPause, tilingBreaches } from '../../src/tooling/chaos/applied-batches.ts';
import { chaosRunFromFlags } from '../../src/tooling/chaos/chaos-run-options.ts';
import type { ScaleChaosResult, ScaleStepResult } from '../../src/tooling/chaos/run-scale-chaos.ts';
import { judgeScaleChaos } from '../../src/tooling/chaos/scale-chaos-verdict.ts';
import { planScaleSteps } from '../../src/tooling/chaos/scale-plan.ts';

const batch = (
  partition: number,
  from: number,
  next: number,
  appliedAtMs = 0,
  appliedBy = 'totals h:1',
): AppliedBatch => ({
  partition,
  fromOffset: BigInt(from),
  nextOffset: BigInt(next),
  appliedBy,
  appliedAtMs,
});

describe('the scale-out chaos plan', () => {
  it('is repeatable from its seed, scales in then straight out again, and kills and stops each round', () => {
    const options = {
      seed: 11,
      totalsKeepers: 3,
      rounds: 2,
      quietMs: [1_000, 2_000] as [number, number],
      zombieStopMs: [15_000, 25_000] as [number, number],
    };
    const steps = planScaleSteps(options);
    expect(planScaleSteps(options)).toEqual(steps);
    expect(planScaleSteps({ ...options, seed: 12 })).not.toEqual(steps);
    const kinds = steps.map((step) => step.kind);
    expect(kinds[kinds.indexOf('scale-in') + 1]).toBe('scale-out');
    expect(kinds.filter((kind) => kind === 'kill-mid-batch')).toHaveLength(2);
    expect(kinds.filter((kind) => kind === 'zombie')).toHaveLength(2);
    expect(kinds.filter((kind) => kind === 'same-key')).toHaveLength(2);
    for (const step of steps) {
      if (step.kind === 'zombie') expect(step.stoppedMs).toBeGreaterThan(10_000);
      if (step.kind === 'zombie' || step.kind === 'kill-mid-batch')
        expect(step.instance).toBeGreaterThanOrEqual(1);
    }
  });

  it('comes from --scale, with one round under --quick', () => {
    const flags = {
      quick: true,
      rate: '40',
      parts: 'none',
      links: 'none',
      kinds: 'latency',
      'wal-rate': '1',
      scale: true,
      seed: '5',
    };
    expect(chaosRunFromFlags(flags, () => 0)).toEqual({
      run: {
        kind: 'scale',
        seed: 5,
        ratePerSecond: 40,
        rounds: 1,
        quietMs: [1_000, 3_000],
        zombieStopMs: [12_000, 14_000],
      },
    });
  });
});

describe('the applied batches of a partition', () => {
  it('tile when each starts where the one before ended, whichever process applied it', () => {
    expect(
      tilingBreaches([batch(0, 0, 5), batch(0, 5, 9, 0, 'totals h:2'), batch(1, 3, 4), batch(1, 4, 8)]),
    ).toEqual([]);
  });

  it('overlap when two batches applied the same records, and have a hole when records were skipped', () => {
    const breaches = tilingBreaches([
      batch(0, 0, 10),
      batch(0, 5, 12, 0, 'totals h:2'),
      batch(1, 0, 3),
      batch(1, 4, 6),
    ]);
    expect(breaches.map(({ partition, kind }) => [partition, kind])).toEqual([
      [0, 'overlap'],
      [1, 'hole'],
    ]);
    expect(breaches[0]?.description).toBe('[5, 12) by totals h:2 overlaps [0, 10) by totals h:1');
    expect(breaches[1]?.description).toContain('offsets 3–3 skipped');
  });

  it('pause: the longest time no partition, and one partition, had a batch applied within the window', () => {
    const batches = [
      batch(0, 0, 1, 1_000),
      batch(1, 0, 1, 1_200),
      batch(0, 1, 2, 4_000),
      batch(1, 1, 2, 7_000),
    ];
    expect(applyPause(batches, [0, 1, 2], 0, 8_000)).toEqual({
      allPartitionsSeconds: 3,
      onePartitionSeconds: 8,
      partition: 2,
    });
    expect(applyPause(batches, [0, 1], 0, 8_000)).toEqual({
      allPartitionsSeconds: 3,
      onePartitionSeconds: 5.8,
      partition: 1,
    });
  });
});

const step = (overrides: Partial<ScaleStepResult>): ScaleStepResult => ({
  kind: 'scale-in',
  name: 'scale totals keepers in',
  atSeconds: 1,
  targets: ['totals-2', 'totals-3'],
  caughtUpAfterSeconds: 2,
  peakBacklog: 10,
  failedCalls: 0,
  collateralRestarts: [],
  ...overrides,
});

const passing = (): ScaleChaosResult => ({
  seed: 1,
  ratePerSecond: 50,
  calculators: 2,
  totalsKeepers: 3,
  steps: [
    step({}),
    step({
      kind: 'zombie',
      name: 'zombie',
      targets: ['totals-2'],
      midBatch: true,
      zombie: {
        partition: 1,
        heldABatch: true,
        successor: 'totals-3',
        successorBatchesFenced: 1,
        rejoined: true,
      },
    }),
    step({ kind: 'kill-mid-batch', name: 'kill', targets: ['totals'], midBatch: true }),
    step({
      kind: 'same-key',
      name: 'same key',
      targets: [],
      sameKey: {
        keyPrefix: 'k-',
        pairs: 2,
        answeredAlike: 2,
        differing: [],
        failed: [],
        storedUnderTheKeys: 2,
      },
    }),
  ],
  confirmed: 10,
  confirmedMissingFromCalculator: 0,
  abandoned: 0,
  stuckAtStop: 0,
  reconciliation: {
    ok: true,
    calculations: 12,
    appliedEvents: 12,
    missing: [],
    duplicated: [],
    unexpected: [],
    calculatorSum: '3',
    ledgerSum: '3',
    runningTotal: '3',
    runningTotalEvents: 12,
  } as unknown as ScaleChaosResult['reconciliation'],
  appliedBatches: { count: 40, byProcess: { 'totals (pid 1)': 40 }, breaches: [] },
});

describe('the scale-out chaos verdict', () => {
  it('holds for a run where everything held', () => {
    const verdict = judgeScaleChaos(passing());
    expect(verdict.failures).toEqual([]);
    expect(verdict.ok).toBe(true);
  });

  it('fails on records applied by two batches, naming the partition and the processes', () => {
    const result = passing();
    result.appliedBatches.breaches = tilingBreaches([batch(2, 0, 10), batch(2, 4, 12, 0, 'totals h:9')]);
    expect(judgeScaleChaos(result).failures).toEqual([
      'no batch applied twice: partition 2: [4, 12) by totals h:9 overlaps [0, 10) by totals h:1',
    ]);
  });

  it('fails on a key two calculators answered differently, and on a zombie that never rejoined or was stopped idle', () => {
    const result = passing();
    const race = result.steps[3]?.sameKey;
    if (race) race.differing.push('k-1: a (1) ≠ b (1)');
    const zombie = result.steps[1] as ScaleStepResult;
    zombie.zombie = {
      partition: 1,
      heldABatch: true,
      successor: 'totals-3',
      successorBatchesFenced: 1,
      rejoined: false,
    };
    const failures = judgeScaleChaos(result).failures;
    expect(failures).toContain(
      'same key, same answer: step 4 (same key) answered 1 pairs differently: k-1: a (1) ≠ b (1)',
    );
    expect(failures).toContain(
      'zombie woke harmless: step 2 (zombie) did not rejoin the group after SIGCONT',
    );
    zombie.zombie = { ...zombie.zombie, rejoined: true, successorBatchesFenced: 0 };
    expect(judgeScaleChaos(result).failures).toContain(
      "zombie woke harmless: step 2 (zombie) saw totals-3 apply no copy of the zombie's batch, so the fence was not put to the test",
    );
    zombie.zombie = { ...zombie.zombie, heldABatch: false };
    expect(judgeScaleChaos(result).failures).toContain(
      'zombie woke harmless: step 2 (zombie) found no batch in flight to stop the keeper in',
    );
  });
});
