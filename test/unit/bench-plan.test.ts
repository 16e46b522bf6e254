import { describe, expect, it } from 'vitest';
import {
  benchRunFromFlags,
  FULL_PLAN,
  pipelineStartRate,
  planFromFlags,
  QUICK_PLAN,
  reshapesPlan,
} from '../../src/tooling/bench/bench-plan.ts';
import type { RateStep } from '../../src/tooling/bench/pipeline-bench.ts';
import { latencyRate } from '../../src/tooling/bench/pipeline-section.ts';
import { twinStartRate } from '../../src/tooling/bench/twin-cost.ts';

describe('the benchmark plan from flags', () => {
  it('runs the sections named, and still publishes a full plan of them', () => {
    const planned = planFromFlags(FULL_PLAN, { only: 'pipeline, consumer' });
    expect(planned).toEqual({ plan: { ...FULL_PLAN, sections: ['pipeline', 'consumer'] } });
    expect(reshapesPlan({ only: 'pipeline' })).toBe(false);
  });

  it('reshapes the pipeline and the profile, and then does not publish', () => {
    const planned = planFromFlags(FULL_PLAN, {
      'start-rate': '200',
      'max-steps': '2',
      'step-seconds': '10',
      'latency-rate': '50',
      'latency-seconds': '5',
      'profile-seconds': '4',
      'profile-rate': '250',
      'cost-rates': '100, 300',
      'cost-seconds': '20',
    });
    if ('error' in planned) throw new Error(planned.error);
    expect(planned.plan.pipeline).toMatchObject({
      startRate: 200,
      maxSteps: 2,
      stepMs: 10_000,
      latencyRate: 50,
      latencyMs: 5_000,
    });
    expect(planned.plan.profile).toMatchObject({ durationMs: 4_000, ratePerSecond: 250 });
    expect(FULL_PLAN.profile.ratePerSecond).toBe(500);
    expect(planned.plan.cost).toMatchObject({ rates: [100, 300], durationMs: 20_000 });
    expect(FULL_PLAN.pipeline.latencyRate).toBeUndefined();
    expect(reshapesPlan({ 'max-steps': '2' })).toBe(true);
  });

  it('refuses an unknown section or a number that is not positive', () => {
    expect(planFromFlags(FULL_PLAN, { only: 'pipeline,warp' })).toEqual({
      error:
        'unknown section(s) warp; choose from front-door, pipeline, cost, consumer, security, fault-proxies, scale-totals, scale-calculators, cold-start',
    });
    expect(planFromFlags(FULL_PLAN, { 'max-steps': '0' })).toEqual({
      error: '--max-steps must be a positive number, not "0"',
    });
    expect(planFromFlags(FULL_PLAN, { 'profile-rate': '-5' })).toEqual({
      error: '--profile-rate must be a positive number, not "-5"',
    });
    expect(planFromFlags(FULL_PLAN, { 'cost-rates': '250,fast' })).toEqual({
      error: '--cost-rates must be positive numbers separated by commas, not "250,fast"',
    });
  });
});

describe('what one bench run runs and where its figures go', () => {
  it('publishes the full plan, also with only some sections, and never a quick or reshaped one', () => {
    expect(benchRunFromFlags({ quick: false, profile: false, flags: {} })).toEqual({
      plan: FULL_PLAN,
      published: true,
    });
    expect(benchRunFromFlags({ quick: false, profile: false, flags: { only: 'consumer' } })).toEqual({
      plan: { ...FULL_PLAN, sections: ['consumer'] },
      published: true,
    });
    expect(benchRunFromFlags({ quick: true, profile: false, flags: {} })).toEqual({
      plan: QUICK_PLAN,
      published: false,
    });
    expect(
      benchRunFromFlags({ quick: false, profile: true, flags: { 'profile-seconds': '5' } }),
    ).toMatchObject({
      published: false,
    });
  });

  it('refuses --only with --profile, and a bad flag first', () => {
    expect(benchRunFromFlags({ quick: false, profile: true, flags: { only: 'pipeline' } })).toEqual({
      error: '--profile runs no sections: leave out --only',
    });
    expect(benchRunFromFlags({ quick: false, profile: true, flags: { only: 'warp' } })).toEqual({
      error:
        'unknown section(s) warp; choose from front-door, pipeline, cost, consumer, security, fault-proxies, scale-totals, scale-calculators, cold-start',
    });
  });
});

describe('the rate end-to-end latency is measured at', () => {
  const sustained = { ratePerSecond: 3_054 } as RateStep;

  it('is half the sustained rate', () => {
    expect(latencyRate(FULL_PLAN.pipeline, sustained)).toEqual({
      ratePerSecond: 1_527,
      rateBasis: 'half the sustained rate',
    });
  });

  it("says so when no rate was sustained and it falls back to half the first step's", () => {
    expect(latencyRate(FULL_PLAN.pipeline, undefined)).toEqual({
      ratePerSecond: 500,
      rateBasis: "half the first step's rate, since no rate was sustained",
    });
  });
});

describe("the pipeline's first rate", () => {
  it("is half the front door's durable rate of the same run when that is lower than planned", () => {
    expect(pipelineStartRate(FULL_PLAN.pipeline, 900)).toBe(450);
    expect(pipelineStartRate(FULL_PLAN.pipeline, 4_011)).toBe(1_000);
    expect(pipelineStartRate(FULL_PLAN.pipeline, 60)).toBe(50);
  });

  it('is the planned one without a front door of this run, or once --start-rate set it', () => {
    expect(pipelineStartRate(FULL_PLAN.pipeline, undefined)).toBe(1_000);
    const flagged = planFromFlags(FULL_PLAN, { 'start-rate': '300' });
    if (!('plan' in flagged)) throw new Error(flagged.error);
    expect(pipelineStartRate(flagged.plan.pipeline, 100)).toBe(300);
  });
});

describe("the twin sections' first rate", () => {
  it("is two steps below the rate this run's pipeline sustained", () => {
    expect(twinStartRate(FULL_PLAN, 1_000)).toBe(640);
  });

  it("is the pipeline section's planned first rate when this run sustained none or did not measure it", () => {
    expect(twinStartRate(FULL_PLAN, null)).toBe(FULL_PLAN.pipeline.startRate);
    expect(twinStartRate(FULL_PLAN, undefined)).toBe(FULL_PLAN.pipeline.startRate);
  });
});
