import { CALCULATION_EVENTS_TOPIC } from '../../services/shared/calculation-recorded-event.ts';
import { readAppliedBatches } from '../chaos/applied-batches.ts';
import { openServiceDatabases, type ServiceDatabases } from '../stack/local-databases.ts';
import { calculatorTarget } from '../stack/stack-grpc.ts';
import type { StackSettings } from '../stack/stack-settings.ts';
import type { BenchPlan } from './bench-plan.ts';
import type { ClosedLoopResult } from './closed-loop.ts';
import { measureAddCalls } from './grpc-add-load.ts';
import { type RateStep, runRateStep, waitForDrain } from './pipeline-bench.ts';
import { PipelinePositionProbe } from './pipeline-position.ts';
import { RATE_RESOLUTION } from './pipeline-section.ts';
import { searchSustainedRate } from './rate-search.ts';
import { type TwinKind, withTwinStack } from './twin-stack.ts';

/** What one difference between two twins of the stack costs: the twin with it against the twin without. */
export interface TwinCostResult {
  /** Durable Add through each twin's own calculator, closed loop, best of the rounds. */
  durableAdd: { inFlight: number; with: ClosedLoopResult; without: ClosedLoopResult; cost: number };
  /** The same rate ladder on each twin: the highest rate each kept up with. */
  pipeline: {
    with: RateStep[];
    without: RateStep[];
    withSustained: number | null;
    withoutSustained: number | null;
    /** Share of the other twin's sustained rate that the difference costs; null when either sustained none. */
    cost: number | null;
    /**
     * Each totals keeper's share of the events applied during the twin's ladder, largest first: how the
     * work was spread over the partitions' owners (absent from results older than the scale sections).
     */
    withAppliedShares?: number[];
    withoutAppliedShares?: number[];
  };
}

/** The security section's figures, as bench/results.json has kept them since before the twins were general. */
export interface SecurityCostResult {
  durableAdd: { inFlight: number; secured: ClosedLoopResult; plaintext: ClosedLoopResult; cost: number };
  pipeline: {
    secured: RateStep[];
    plaintext: RateStep[];
    securedSustained: number | null;
    plaintextSustained: number | null;
    cost: number | null;
  };
}

export function asSecurityCost({ durableAdd, pipeline }: TwinCostResult): SecurityCostResult {
  return {
    durableAdd: {
      inFlight: durableAdd.inFlight,
      secured: durableAdd.with,
      plaintext: durableAdd.without,
      cost: durableAdd.cost,
    },
    pipeline: {
      secured: pipeline.with,
      plaintext: pipeline.without,
      securedSustained: pipeline.withSustained,
      plaintextSustained: pipeline.withoutSustained,
      cost: pipeline.cost,
    },
  };
}

/** The two twins a section compares, each with the name its progress lines and results use. */
export interface TwinComparison {
  /** The bench section, for progress lines: `security`. */
  section: string;
  with: { name: string; kind: TwinKind };
  without: { name: string; kind: TwinKind };
}

/** Encryption and authentication on every hop: the secured stack against its plaintext twin. */
export const SECURITY_TWINS: TwinComparison = {
  section: 'security',
  with: { name: 'secured', kind: { secured: true } },
  without: { name: 'plaintext', kind: { secured: false } },
};

/** A Toxiproxy on every hop, as the chaos runs have it: the proxied twin against the direct one. */
export const FAULT_PROXY_TWINS: TwinComparison = {
  section: 'fault-proxies',
  with: { name: 'proxied', kind: { secured: true, faultProxies: true } },
  without: { name: 'direct', kind: { secured: true } },
};

/** Three totals keepers sharing the three partitions against one keeper owning them all. */
export const SCALE_TOTALS_TWINS: TwinComparison = {
  section: 'scale-totals',
  with: { name: '3 keepers', kind: { secured: true, totalsKeepers: 3 } },
  without: { name: '1 keeper', kind: { secured: true } },
};

/** Two calculators, the clients' calls spread over them round-robin, against one calculator. */
export const SCALE_CALCULATORS_TWINS: TwinComparison = {
  section: 'scale-calculators',
  with: { name: '2 calculators', kind: { secured: true, calculators: 2 } },
  without: { name: '1 calculator', kind: { secured: true } },
};

interface StackUnderTest {
  name: string;
  settings: StackSettings;
  databases: ServiceDatabases;
  probe: PipelinePositionProbe;
}

const DRAIN_TIMEOUT_MS = 300_000;

/**
 * Two steps below the rate this run's pipeline section sustained (both ladders then show where they break
 * without climbing from far below), or the pipeline section's own first rate.
 */
export function twinStartRate(plan: BenchPlan, sustainedThisRun: number | null | undefined): number {
  if (sustainedThisRun) return Math.max(10, Math.round(sustainedThisRun / plan.security.stepFactor ** 2));
  return plan.pipeline.startRate;
}

/**
 * What one difference costs, measured in one run: two twins of the stack started afresh side by side,
 * identical but for it: the same code, settings, data and age. (The stack itself is not one of them: its
 * aged database and warm processes would weigh more than the difference.) Both twins are up throughout,
 * so each weighs on the other alike.
 */
export async function benchTwinCost(
  settings: StackSettings,
  twins: TwinComparison,
  plan: BenchPlan['security'],
  startRate: number,
  log: (line: string) => void,
): Promise<TwinCostResult> {
  const { section } = twins;
  return withTwinStack(settings, twins.with.kind, section, log, (withSettings, withEnvironment) =>
    withTwinStack(settings, twins.without.kind, section, log, async (withoutSettings, withoutEnvironment) => {
      const stacks: StackUnderTest[] = [];
      try {
        for (const [name, stackSettings, environment] of [
          [twins.with.name, withSettings, withEnvironment],
          [twins.without.name, withoutSettings, withoutEnvironment],
        ] as const) {
          const databases = openServiceDatabases(environment);
          const probe = await PipelinePositionProbe.open(stackSettings, databases);
          stacks.push({ name, settings: stackSettings, databases, probe });
        }
        const [withIt, withoutIt] = stacks as [StackUnderTest, StackUnderTest];
        const durableAdd = await compareDurableAdd(section, withIt, withoutIt, plan, log);
        const withStartedMs = Date.now();
        const withLadder = await rateLadder(section, withIt, plan, startRate, log);
        const withAppliedShares = await appliedShares(withIt.databases, withStartedMs);
        const withoutStartedMs = Date.now();
        const withoutLadder = await rateLadder(section, withoutIt, plan, startRate, log);
        const withoutAppliedShares = await appliedShares(withoutIt.databases, withoutStartedMs);
        const withSustained = highestKeptUp(withLadder);
        const withoutSustained = highestKeptUp(withoutLadder);
        return {
          durableAdd,
          pipeline: {
            with: withLadder,
            without: withoutLadder,
            withSustained,
            withoutSustained,
            cost: withSustained !== null && withoutSustained ? 1 - withSustained / withoutSustained : null,
            withAppliedShares,
            withoutAppliedShares,
          },
        };
      } finally {
        for (const stack of stacks) {
          await stack.probe.close();
          await stack.databases.destroy();
        }
      }
    }),
  );
}

/** Each keeper's share of the events applied since `sinceMs` (from applied_batches), largest first. */
async function appliedShares(databases: ServiceDatabases, sinceMs: number): Promise<number[]> {
  const batches = await readAppliedBatches(databases.totals, CALCULATION_EVENTS_TOPIC, sinceMs);
  const byKeeper = new Map<string, bigint>();
  for (const batch of batches)
    byKeeper.set(
      batch.appliedBy,
      (byKeeper.get(batch.appliedBy) ?? 0n) + batch.nextOffset - batch.fromOffset,
    );
  const total = [...byKeeper.values()].reduce((sum, count) => sum + count, 0n);
  if (total === 0n) return [];
  return [...byKeeper.values()].map((count) => Number(count) / Number(total)).sort((a, b) => b - a);
}

/** The highest rate a search kept up with (bisecting, not the last one measured), or null. */
function highestKeptUp(steps: RateStep[]): number | null {
  const kept = steps.filter((step) => step.bounded).map((step) => step.ratePerSecond);
  return kept.length > 0 ? Math.max(...kept) : null;
}

/**
 * Rounds that take turns, so drift on a shared machine hits both stacks alike; each keeps its best. A first
 * round is not counted: it warms the twins' JVMs and Node processes, which have just started. Before
 * each measurement both pipelines have drained, so neither measures while the other still works off the
 * backlog of its own last round.
 */
async function compareDurableAdd(
  section: string,
  withIt: StackUnderTest,
  withoutIt: StackUnderTest,
  plan: BenchPlan['security'],
  log: (line: string) => void,
): Promise<TwinCostResult['durableAdd']> {
  const best = new Map<string, ClosedLoopResult>();
  for (let round = 0; round <= plan.rounds; round++) {
    for (const stack of [withIt, withoutIt]) {
      await Promise.all([withIt, withoutIt].map((each) => waitForDrain(each.databases, DRAIN_TIMEOUT_MS)));
      const result = await measureAddCalls({
        target: calculatorTarget(stack.settings),
        inFlight: plan.inFlight,
        warmupMs: plan.warmupMs,
        durationMs: plan.durationMs,
      });
      log(
        `${section}, ${round === 0 ? 'warm-up round' : `round ${round}/${plan.rounds}`}: durable Add, ${stack.name}: ` +
          `${Math.round(result.perSecond)}/s, p99 ${result.p99Ms.toFixed(1)} ms, ${result.failed} failed`,
      );
      if (result.failed > 0) log(`  first error: ${result.firstError}`);
      if (round === 0) continue;
      const previous = best.get(stack.name);
      if (!previous || result.perSecond > previous.perSecond) best.set(stack.name, result);
    }
  }
  const withBest = best.get(withIt.name) as ClosedLoopResult;
  const withoutBest = best.get(withoutIt.name) as ClosedLoopResult;
  return {
    inFlight: plan.inFlight,
    with: withBest,
    without: withoutBest,
    cost: 1 - withBest.perSecond / withoutBest.perSecond,
  };
}

/** The same search for the highest sustained rate as the pipeline section's, at this section's step length. */
async function rateLadder(
  section: string,
  stack: StackUnderTest,
  plan: BenchPlan['security'],
  startRate: number,
  log: (line: string) => void,
): Promise<RateStep[]> {
  const { steps } = await searchSustainedRate(
    { startRate, stepFactor: plan.stepFactor, maxSteps: plan.maxSteps, resolution: RATE_RESOLUTION },
    async (rate, step) => {
      log(`${section}: ${stack.name} pipeline, step ${step} of at most ${plan.maxSteps}, ${rate}/s`);
      await waitForDrain(stack.databases, DRAIN_TIMEOUT_MS);
      const { keyPrefix: _, ...result } = await runRateStep({
        calculator: calculatorTarget(stack.settings),
        probe: stack.probe,
        ratePerSecond: rate,
        durationMs: plan.stepMs,
        log,
      });
      return result;
    },
  );
  return steps;
}
