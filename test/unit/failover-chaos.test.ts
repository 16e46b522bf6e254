import { describe, expect, it } from 'vitest';
import { type ChaosFlags, chaosRunFromFlags } from '../../src/tooling/chaos/chaos-run-options.ts';
import { judgeFailoverChaos } from '../../src/tooling/chaos/failover-chaos-verdict.ts';
import { failoverRunName } from '../../src/tooling/chaos/failover-plan.ts';
import type { FailoverChaosResult, FailoverResult } from '../../src/tooling/chaos/run-failover-chaos.ts';

const flags: ChaosFlags = {
  quick: false,
  rate: '50',
  parts: 'none',
  links: 'none',
  kinds: 'latency',
  'wal-rate': '1',
  failover: true,
  seed: '21',
};

const failover = (overrides: Partial<FailoverResult> = {}): FailoverResult => ({
  name: 'SIGKILL postgres (primary), promote postgres-2',
  from: 'postgres',
  to: 'postgres-2',
  atSeconds: 12,
  standbyCutSeconds: 1.5,
  promotedAfterSeconds: 0.2,
  switchedAfterSeconds: 0.3,
  firstEventAppliedAfterSeconds: 5.1,
  caughtUpAfterSeconds: 8,
  peakBacklog: 300,
  failedCalls: 90,
  slotAfterPromotion: {
    exists: true,
    failover: true,
    active: false,
    synced: true,
    confirmedFlushLsn: '0/9D51248',
  },
  syncedSlotLsnBeforeKill: '0/9D51248',
  primarySlotLsnBeforeKill: '0/9D51300',
  connectorLsnBefore: 1000,
  connectorLsnAfter: 2000,
  slotsMadeByConnector: 0,
  snapshotsRun: 0,
  rebuiltAfterSeconds: 2.5,
  collateralRestarts: [],
  ...overrides,
});

const passing = (
  failovers: FailoverResult[] = [failover(), failover({ from: 'postgres-2', to: 'postgres' })],
) =>
  ({
    seed: 21,
    ratePerSecond: 50,
    replication: 'synchronous',
    failoverSlot: true,
    plannedFailovers: failovers.length,
    failovers,
    confirmed: 1000,
    confirmedMissingFromCalculator: 0,
    abandoned: 0,
    stuckAtStop: 0,
    reconciliation: {
      ok: true,
      calculations: 1000,
      appliedEvents: 1000,
      calculatorSum: '12.5',
      ledgerSum: '12.5',
      runningTotal: '12.5',
      runningTotalEvents: 1000,
      missing: [],
      duplicated: [],
      unexpected: [],
    },
  }) as unknown as FailoverChaosResult;

const failedChecks = (result: FailoverChaosResult) =>
  judgeFailoverChaos(result)
    .checks.filter((check) => !check.held)
    .map((check) => check.name);

describe('a failover chaos run from its flags', () => {
  it('fails over three times by default and once with --quick, each after a seeded quiet spell and standby cut', () => {
    const planned = chaosRunFromFlags(flags, () => 0);
    if (!('run' in planned) || planned.run.kind !== 'failover') throw new Error('expected a failover run');
    expect(planned.run).toMatchObject({ seed: 21, replication: 'synchronous', failoverSlot: true });
    expect(planned.run.steps).toHaveLength(3);
    for (const step of planned.run.steps) {
      expect(step.quietBeforeMs).toBeGreaterThanOrEqual(10_000);
      expect(step.standbyCutMs).toBeGreaterThanOrEqual(1_000);
      expect(step.standbyCutMs).toBeLessThanOrEqual(3_000);
    }
    expect(chaosRunFromFlags(flags, () => 0)).toEqual(planned);
    const quick = chaosRunFromFlags({ ...flags, quick: true }, () => 0);
    if (!('run' in quick) || quick.run.kind !== 'failover') throw new Error('expected a failover run');
    expect(quick.run.steps).toHaveLength(1);
  });

  it('runs the demonstrations only with --failover, and refuses a count it cannot run', () => {
    const demo = chaosRunFromFlags(
      { ...flags, async: true, 'no-failover-slot': true, failovers: '5' },
      () => 0,
    );
    if (!('run' in demo) || demo.run.kind !== 'failover') throw new Error('expected a failover run');
    expect(demo.run).toMatchObject({ replication: 'asynchronous', failoverSlot: false });
    expect(demo.run.steps).toHaveLength(5);
    expect(failoverRunName(demo.run)).toBe('failover with asynchronous replication and no failover slot');
    expect(chaosRunFromFlags({ ...flags, failover: false, async: true }, () => 0)).toEqual({
      error: '--async and --no-failover-slot go with --failover',
    });
    expect(chaosRunFromFlags({ ...flags, failovers: '0' }, () => 0)).toEqual({
      error: '--failovers must be a whole number from 1 to 50, not "0"',
    });
  });
});

describe('the failover chaos verdict', () => {
  it('holds when every failover carried the slot over and nothing was lost', () => {
    expect(judgeFailoverChaos(passing()).failures).toEqual([]);
  });

  it('fails when an answered addition is gone, as after asynchronous replication', () => {
    expect(failedChecks({ ...passing(), confirmedMissingFromCalculator: 160 })).toEqual([
      'answered OK is committed',
    ]);
  });

  it("fails when the new primary had no slot, or not the standby's copy, or the connector made one", () => {
    const none = failover({ slotAfterPromotion: { ...failover().slotAfterPromotion, exists: false } });
    const notSynced = failover({ slotAfterPromotion: { ...failover().slotAfterPromotion, synced: false } });
    const made = failover({ slotsMadeByConnector: 1 });
    for (const breach of [none, notSynced, made])
      expect(failedChecks(passing([failover(), breach]))).toEqual(['slot carried over']);
    expect(judgeFailoverChaos(passing([none])).failures[0]).toContain(
      'found no slot for the connector on the new primary',
    );
  });

  it('fails on a snapshot, or a stored position that moved back', () => {
    expect(failedChecks(passing([failover({ snapshotsRun: 1 })]))).toEqual(['no snapshot, no step back']);
    expect(failedChecks(passing([failover({ connectorLsnAfter: 999 })]))).toEqual([
      'no snapshot, no step back',
    ]);
    expect(failedChecks(passing([failover({ connectorLsnAfter: undefined })]))).toEqual([
      'no snapshot, no step back',
    ]);
  });

  it('fails when events never flowed again or the lag never got back, and when a failover stopped half-way', () => {
    expect(failedChecks(passing([failover({ firstEventAppliedAfterSeconds: undefined })]))).toEqual([
      'events flowed again',
    ]);
    expect(failedChecks(passing([failover({ caughtUpAfterSeconds: undefined })]))).toEqual([
      'events flowed again',
    ]);
    expect(failedChecks(passing([failover({ rebuiltAfterSeconds: undefined })]))).toEqual(['failed over']);
    expect(failedChecks({ ...passing([failover()]), plannedFailovers: 3 })).toEqual(['failed over']);
  });

  it('fails when another part restarted', () => {
    expect(failedChecks(passing([failover({ collateralRestarts: ['calculator'] })]))).toEqual([
      'no other part restarted',
    ]);
  });
});
