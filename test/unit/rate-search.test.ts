import { describe, expect, it } from 'vitest';
import { type RateSearchPlan, searchSustainedRate } from '../../src/tooling/bench/rate-search.ts';

const PLAN: RateSearchPlan = { startRate: 1_000, stepFactor: 1.25, maxSteps: 10, resolution: 0.1 };

/** A pipeline that keeps up with any rate up to `capacity`. */
async function search(capacity: number, plan: RateSearchPlan = PLAN) {
  const { steps, sustained } = await searchSustainedRate(plan, async (ratePerSecond) => ({
    ratePerSecond,
    bounded: ratePerSecond <= capacity,
  }));
  return { rates: steps.map((step) => step.ratePerSecond), sustained: sustained?.ratePerSecond };
}

describe('the sustained-rate search', () => {
  it('climbs until a rate falls behind, then bisects to within the resolution', async () => {
    const { rates, sustained } = await search(1_400);
    expect(rates).toEqual([1_000, 1_250, 1_563, 1_398, 1_478]);
    expect(sustained).toBe(1_398);
  });

  it('descends when the first rate already falls behind, never calling it sustained', async () => {
    const { rates, sustained } = await search(600);
    expect(rates).toEqual([1_000, 800, 640, 512, 572, 605]);
    expect(sustained).toBe(572);
  });

  it('reports no sustained rate when even the lowest rate falls behind', async () => {
    const { rates, sustained } = await search(0, { ...PLAN, maxSteps: 100 });
    expect(sustained).toBeUndefined();
    expect(rates.at(-1)).toBe(1);
  });

  it('stops at the step limit, keeping what it measured', async () => {
    const { rates, sustained } = await search(100_000, { ...PLAN, maxSteps: 3 });
    expect(rates).toEqual([1_000, 1_250, 1_563]);
    expect(sustained).toBe(1_563);
  });
});
