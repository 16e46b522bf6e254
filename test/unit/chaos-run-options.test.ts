import { describe, expect, it } from 'vitest';
import { type ChaosFlags, chaosRunFromFlags } from '../../src/tooling/chaos/chaos-run-options.ts';
import { CHAOS_PARTS, faultName, NETWORK_FAULT_KINDS } from '../../src/tooling/chaos/fault-plan.ts';
import { FAULT_LINKS } from '../../src/tooling/stack/fault-proxies.ts';

const defaults: ChaosFlags = {
  quick: false,
  rate: '50',
  parts: CHAOS_PARTS.join(','),
  links: FAULT_LINKS.join(','),
  kinds: NETWORK_FAULT_KINDS.join(','),
  'wal-rate': '1',
};
const noRandomSeed = () => {
  throw new Error('a seed was given');
};

describe('a chaos run from its flags', () => {
  it('kills every part three times, SIGTERMs each service and puts every network fault on every link, under the given rate and seed', () => {
    const planned = chaosRunFromFlags({ ...defaults, seed: '7', rate: '80' }, noRandomSeed);
    if (!('run' in planned) || planned.run.kind !== 'faults') throw new Error('expected a fault run');
    expect(planned.run.seed).toBe(7);
    expect(planned.run.ratePerSecond).toBe(80);
    expect(planned.run.faults).toHaveLength(
      CHAOS_PARTS.length * 3 + 2 + FAULT_LINKS.length * NETWORK_FAULT_KINDS.length,
    );
    expect(
      planned.run.faults.every((fault) => fault.quietBeforeMs >= 3_000 && fault.quietBeforeMs <= 10_000),
    ).toBe(true);
  });

  it('with --quick, one kill of each part given and shorter quiet spells; a random seed when none is given', () => {
    const planned = chaosRunFromFlags(
      { ...defaults, quick: true, parts: 'calculator, postgres', links: 'totals-kafka', kinds: 'partition' },
      () => 99,
    );
    if (!('run' in planned) || planned.run.kind !== 'faults') throw new Error('expected a fault run');
    expect(planned.run.seed).toBe(99);
    expect(planned.run.faults.map(faultName).sort()).toEqual([
      'SIGKILL calculator',
      'SIGKILL postgres',
      'SIGTERM calculator',
      'partition totals-kafka',
    ]);
    expect(
      planned.run.faults.every((fault) => fault.quietBeforeMs >= 1_000 && fault.quietBeforeMs <= 3_000),
    ).toBe(true);
  });

  it('with --idle-minutes, measures the idle WAL instead, sampling every 30 s (10 s with --quick)', () => {
    expect(
      chaosRunFromFlags({ ...defaults, seed: '1', 'idle-minutes': '10', 'wal-rate': '2' }, noRandomSeed),
    ).toEqual({
      run: {
        kind: 'idle-wal',
        idleMinutes: 10,
        measure: { durationMs: 600_000, writeMiBPerSecond: 2, sampleEveryMs: 30_000 },
      },
    });
    expect(
      chaosRunFromFlags({ ...defaults, quick: true, seed: '1', 'idle-minutes': '2' }, noRandomSeed),
    ).toMatchObject({ run: { measure: { sampleEveryMs: 10_000 } } });
  });

  it('runs process faults only with --links none, network faults only with --parts none', () => {
    const processOnly = chaosRunFromFlags({ ...defaults, seed: '3', links: 'none' }, noRandomSeed);
    const networkOnly = chaosRunFromFlags({ ...defaults, seed: '3', parts: 'none' }, noRandomSeed);
    if (!('run' in processOnly) || processOnly.run.kind !== 'faults') throw new Error('expected a fault run');
    if (!('run' in networkOnly) || networkOnly.run.kind !== 'faults') throw new Error('expected a fault run');
    expect(processOnly.run.faults.every((fault) => fault.type === 'process')).toBe(true);
    expect(networkOnly.run.faults.every((fault) => fault.type === 'network')).toBe(true);
    expect(networkOnly.run.faults).toHaveLength(30);
  });

  it('refuses unknown parts, a seed that is not whole, and rates or minutes that are not positive, naming each', () => {
    expect(chaosRunFromFlags({ ...defaults, parts: 'calculator,warp,disk' }, () => 1)).toEqual({
      error: expect.stringContaining('unknown part(s) warp, disk'),
    });
    expect(chaosRunFromFlags({ ...defaults, links: 'totals-kafka,calculator-redis' }, () => 1)).toEqual({
      error: expect.stringContaining('unknown link(s) calculator-redis'),
    });
    expect(chaosRunFromFlags({ ...defaults, kinds: 'partition,flood' }, () => 1)).toEqual({
      error: expect.stringContaining('unknown network fault kind(s) flood'),
    });
    expect(chaosRunFromFlags({ ...defaults, parts: 'none', links: 'none' }, () => 1)).toEqual({
      error: expect.stringContaining('no faults to run'),
    });
    for (const [flag, value] of [
      ['seed', '1.5'],
      ['rate', '0'],
      ['rate', 'fast'],
      ['idle-minutes', '-1'],
      ['wal-rate', '0'],
    ] as const) {
      expect(
        chaosRunFromFlags({ ...defaults, [flag]: value }, () => 1),
        `${flag} ${value}`,
      ).toEqual({
        error: expect.stringMatching(new RegExp(`^--${flag} must be .*, not "${value}"$`)),
      });
    }
  });
});
