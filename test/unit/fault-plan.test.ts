import { describe, expect, it } from 'vitest';
import {
  CHAOS_PARTS,
  FULL_NETWORK_RANGES,
  faultName,
  NETWORK_FAULT_KINDS,
  type NetworkFault,
  type ProcessFault,
  planFaults,
} from '../../src/tooling/chaos/fault-plan.ts';
import { FAULT_LINKS } from '../../src/tooling/stack/fault-proxies.ts';

const full = (seed: number) =>
  planFaults({
    seed,
    parts: CHAOS_PARTS,
    killsPerPart: 3,
    terminateServices: true,
    links: FAULT_LINKS,
    networkKinds: NETWORK_FAULT_KINDS,
    networkRanges: FULL_NETWORK_RANGES,
    quietMs: [3_000, 10_000],
  });
const processFaults = (seed: number) =>
  full(seed).filter((fault): fault is ProcessFault => fault.type === 'process');
const networkFaults = (seed: number) =>
  full(seed).filter((fault): fault is NetworkFault => fault.type === 'network');

describe('the chaos fault plan', () => {
  it('kills every part three times and stops each service once with SIGTERM', () => {
    const faults = processFaults(42);
    expect(faults).toHaveLength(17);
    for (const part of CHAOS_PARTS)
      expect(faults.filter((fault) => fault.part === part && fault.signal === 'SIGKILL')).toHaveLength(3);
    expect(
      faults
        .filter((fault) => fault.signal === 'SIGTERM')
        .map((fault) => fault.part)
        .sort(),
    ).toEqual(['calculator', 'totals']);
  });

  it('puts each network fault kind once on each link: at least 30 network faults', () => {
    const names = networkFaults(42).map(faultName).sort();
    expect(names).toEqual(
      FAULT_LINKS.flatMap((link) => NETWORK_FAULT_KINDS.map((kind) => `${kind} ${link}`)).sort(),
    );
    expect(names.length).toBeGreaterThanOrEqual(30);
  });

  it('mixes both kinds of fault in one shuffled order', () => {
    const types = full(42).map((fault) => fault.type);
    expect(types.slice(0, 17)).toContain('network');
    expect(types.slice(17)).toContain('process');
  });

  it('holds and sizes each network fault within its ranges', () => {
    for (const fault of networkFaults(5)) {
      const hold = {
        partition: [5_000, 30_000],
        'half-open': [40_000, 50_000],
        latency: [20_000, 20_000],
        bandwidth: [20_000, 20_000],
        'reset-peer': [5_000, 15_000],
        'slow-close': [20_000, 20_000],
      }[fault.kind] as [number, number];
      expect(fault.holdMs, fault.kind).toBeGreaterThanOrEqual(hold[0]);
      expect(fault.holdMs, fault.kind).toBeLessThanOrEqual(hold[1]);
      if (fault.kind === 'latency') {
        expect(fault.latencyMs).toBeGreaterThanOrEqual(200);
        expect(fault.latencyMs).toBeLessThanOrEqual(1_000);
        expect(fault.jitterMs).toBe(Math.round((fault.latencyMs ?? 0) / 4));
      }
      if (fault.kind === 'bandwidth') expect(fault.rateKBps).toBeGreaterThanOrEqual(16);
      if (fault.kind === 'slow-close') expect(fault.delayMs).toBeGreaterThanOrEqual(2_000);
    }
  });

  it('is the same for the same seed and differs for another', () => {
    expect(full(7)).toEqual(full(7));
    expect(full(7)).not.toEqual(full(8));
  });

  it('keeps every quiet spell within the bounds given', () => {
    for (const fault of full(99)) {
      expect(fault.quietBeforeMs).toBeGreaterThanOrEqual(3_000);
      expect(fault.quietBeforeMs).toBeLessThanOrEqual(10_000);
    }
  });
});
