import { describe, expect, it } from 'vitest';
import { CHAOS_PARTS, planFaults } from '../../src/tooling/chaos/fault-plan.ts';

const full = (seed: number) =>
  planFaults({
    seed,
    parts: CHAOS_PARTS,
    killsPerPart: 3,
    terminateServices: true,
    quietMs: [3_000, 10_000],
  });

describe('the chaos fault plan', () => {
  it('kills every part three times and stops each service once with SIGTERM', () => {
    const faults = full(42);
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
