export type BenchSection =
  | 'front-door'
  | 'pipeline'
  | 'cost'
  | 'consumer'
  | 'security'
  | 'fault-proxies'
  | 'scale-totals'
  | 'scale-calculators'
  | 'cold-start';
export const BENCH_SECTIONS: BenchSection[] = [
  'front-door',
  'pipeline',
  'cost',
  'consumer',
  'security',
  'fault-proxies',
  'scale-totals',
  'scale-calculators',
  'cold-start',
];

export interface BenchPlan {
  sections: BenchSection[];
  frontDoor: { inFlight: number; rounds: number; warmupMs: number; durationMs: number };
  pipeline: {
    startRate: number;
    /**
     * Start at half the durable Add rate this run measured at the front door when that is lower: a first
     * step the calculator alone cannot take shows nothing of the pipeline. Off once --start-rate is given.
     */
    startBelowFrontDoor: boolean;
    stepFactor: number;
    maxSteps: number;
    stepMs: number;
    /** Each connector setting's end-to-end run: a warm-up after the connector restarts, then the measure. */
    latencyWarmupMs: number;
    latencyMs: number;
    /** End-to-end latency at this rate instead of half the sustained one. */
    latencyRate?: number;
  };
  /** CPU per addition, part by part, at each of these fixed rates: a warm-up, then the measured window. */
  cost: { rates: number[]; warmupMs: number; durationMs: number };
  consumerEvents: number;
  /**
   * Two twins of the stack that differ in one thing (security on and off; the fault proxies in the path
   * or not): durable Add in rounds that take turns, then the same rate ladder on each (from the pipeline
   * section's first rate). Both twin sections use this plan.
   */
  security: {
    inFlight: number;
    rounds: number;
    warmupMs: number;
    durationMs: number;
    stepFactor: number;
    maxSteps: number;
    stepMs: number;
  };
  /**
   * The calculator, then the stack's Kafka Connect and broker, each profiled at this fixed rate of Add
   * calls; the totals keeper catching up on this many events.
   */
  profile: { warmupMs: number; durationMs: number; ratePerSecond: number; totalsEvents: number };
}

export const FULL_PLAN: BenchPlan = {
  sections: BENCH_SECTIONS,
  frontDoor: { inFlight: 64, rounds: 3, warmupMs: 2_000, durationMs: 8_000 },
  pipeline: {
    startRate: 1_000,
    startBelowFrontDoor: true,
    stepFactor: 1.25,
    maxSteps: 10,
    stepMs: 60_000,
    latencyWarmupMs: 10_000,
    latencyMs: 30_000,
  },
  cost: { rates: [250, 500], warmupMs: 10_000, durationMs: 60_000 },
  consumerEvents: 30_000,
  security: {
    inFlight: 64,
    rounds: 3,
    warmupMs: 2_000,
    durationMs: 8_000,
    stepFactor: 1.25,
    maxSteps: 10,
    stepMs: 30_000,
  },
  profile: { warmupMs: 10_000, durationMs: 30_000, ratePerSecond: 500, totalsEvents: 100_000 },
};

/** Seconds, not minutes: it proves the harness still works, and its figures mean nothing. */
export const QUICK_PLAN: BenchPlan = {
  sections: ['front-door', 'pipeline', 'cost', 'consumer'],
  frontDoor: { inFlight: 8, rounds: 1, warmupMs: 200, durationMs: 1_000 },
  pipeline: {
    startRate: 20,
    startBelowFrontDoor: false,
    stepFactor: 1.25,
    maxSteps: 1,
    stepMs: 3_000,
    latencyWarmupMs: 500,
    latencyMs: 2_000,
  },
  cost: { rates: [20], warmupMs: 500, durationMs: 2_000 },
  consumerEvents: 200,
  security: {
    inFlight: 8,
    rounds: 1,
    warmupMs: 200,
    durationMs: 1_000,
    stepFactor: 1.25,
    maxSteps: 1,
    stepMs: 3_000,
  },
  profile: { warmupMs: 500, durationMs: 2_000, ratePerSecond: 50, totalsEvents: 5_000 },
};

/** The flags that shrink or reshape a plan, for trying the harness without the full run. */
export interface PlanFlags {
  only?: string;
  'start-rate'?: string;
  'max-steps'?: string;
  'step-seconds'?: string;
  'latency-rate'?: string;
  'latency-seconds'?: string;
  'profile-seconds'?: string;
  'profile-rate'?: string;
  'cost-rates'?: string;
  'cost-seconds'?: string;
}

/** The plan the flags ask for, or the reason they are wrong. */
export function planFromFlags(base: BenchPlan, flags: PlanFlags): { plan: BenchPlan } | { error: string } {
  const plan = structuredClone(base);
  if (flags.only !== undefined) {
    const wanted = flags.only.split(',').map((part) => part.trim());
    const unknown = wanted.filter((part) => !BENCH_SECTIONS.includes(part as BenchSection));
    if (unknown.length > 0)
      return { error: `unknown section(s) ${unknown.join(', ')}; choose from ${BENCH_SECTIONS.join(', ')}` };
    plan.sections = wanted as BenchSection[];
  }
  if (flags['cost-rates'] !== undefined) {
    const rates = flags['cost-rates'].split(',').map((rate) => Number(rate.trim()));
    if (rates.length === 0 || rates.some((rate) => !(rate > 0)))
      return {
        error: `--cost-rates must be positive numbers separated by commas, not ${JSON.stringify(flags['cost-rates'])}`,
      };
    plan.cost.rates = rates;
  }
  const numbers: [keyof PlanFlags, (value: number) => void][] = [
    [
      'start-rate',
      (value) => {
        plan.pipeline.startRate = value;
        plan.pipeline.startBelowFrontDoor = false;
      },
    ],
    ['max-steps', (value) => (plan.pipeline.maxSteps = value)],
    ['step-seconds', (value) => (plan.pipeline.stepMs = value * 1000)],
    ['latency-rate', (value) => (plan.pipeline.latencyRate = value)],
    ['latency-seconds', (value) => (plan.pipeline.latencyMs = value * 1000)],
    ['profile-seconds', (value) => (plan.profile.durationMs = value * 1000)],
    ['profile-rate', (value) => (plan.profile.ratePerSecond = value)],
    ['cost-seconds', (value) => (plan.cost.durationMs = value * 1000)],
  ];
  for (const [flag, set] of numbers) {
    const text = flags[flag];
    if (text === undefined) continue;
    const value = Number(text);
    if (!(value > 0)) return { error: `--${flag} must be a positive number, not ${JSON.stringify(text)}` };
    set(value);
  }
  return { plan };
}

/** Whether the flags changed what the full plan measures (choosing sections does not). */
export function reshapesPlan(flags: PlanFlags): boolean {
  return Object.entries(flags).some(([flag, value]) => flag !== 'only' && value !== undefined);
}

/** The pipeline's first rate: the planned one, or half the front door's durable rate of this run if lower. */
export function pipelineStartRate(
  plan: BenchPlan['pipeline'],
  frontDoorPerSecond: number | undefined,
): number {
  if (!plan.startBelowFrontDoor || frontDoorPerSecond === undefined) return plan.startRate;
  // Rounded to 50/s so that runs on the same machine start at comparable rates.
  return Math.min(plan.startRate, Math.max(50, Math.round(frontDoorPerSecond / 2 / 50) * 50));
}

/**
 * What one `npm run bench` runs: the quick or full plan reshaped by the flags, and whether its figures
 * are published (bench/ and docs/benchmarks.md: only the full plan, whatever sections it runs); or why the
 * flags are wrong. A profiling run runs no sections, so it takes no --only.
 */
export function benchRunFromFlags(options: {
  quick: boolean;
  profile: boolean;
  flags: PlanFlags;
}): { plan: BenchPlan; published: boolean } | { error: string } {
  const planned = planFromFlags(options.quick ? QUICK_PLAN : FULL_PLAN, options.flags);
  if ('error' in planned) return planned;
  if (options.profile && options.flags.only !== undefined) {
    return { error: '--profile runs no sections: leave out --only' };
  }
  return { plan: planned.plan, published: !options.quick && !reshapesPlan(options.flags) };
}
