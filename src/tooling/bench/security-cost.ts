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
import { withTwinStack } from './twin-stack.ts';

export interface SecurityCostResult {
  /** Durable Add through each stack's own calculator, closed loop, best of the rounds. */
  durableAdd: { inFlight: number; secured: ClosedLoopResult; plaintext: ClosedLoopResult; cost: number };
  /** The same rate ladder on each stack: the highest rate each kept up with. */
  pipeline: {
    secured: RateStep[];
    plaintext: RateStep[];
    securedSustained: number | null;
    plaintextSustained: number | null;
    /** Share of the plaintext twin's sustained rate that security costs; null when either sustained none. */
    cost: number | null;
  };
}

interface StackUnderTest {
  name: 'secured' | 'plaintext';
  settings: StackSettings;
  databases: ServiceDatabases;
  probe: PipelinePositionProbe;
}

const DRAIN_TIMEOUT_MS = 300_000;

/**
 * Two steps below the rate this run's pipeline section sustained (both ladders then show where they break
 * without climbing from far below), or the pipeline section's own first rate.
 */
export function securityStartRate(plan: BenchPlan, sustainedThisRun: number | null | undefined): number {
  if (sustainedThisRun) return Math.max(10, Math.round(sustainedThisRun / plan.security.stepFactor ** 2));
  return plan.pipeline.startRate;
}

/**
 * What encryption and authentication on every hop cost, measured in one run: two twins of the stack started
 * afresh side by side, one secured and one with STACK_SECURITY=off: the same code, settings, data and age,
 * minus TLS, SASL and ACLs. (The stack itself is not one of them: its aged database and warm processes
 * would weigh more than security.) Both twins are up throughout, so each weighs on the other alike.
 */
export async function benchSecurityCost(
  settings: StackSettings,
  plan: BenchPlan['security'],
  startRate: number,
  log: (line: string) => void,
): Promise<SecurityCostResult> {
  return withTwinStack(settings, { secured: true }, log, (securedSettings, securedEnvironment) =>
    withTwinStack(settings, { secured: false }, log, async (plaintextSettings, plaintextEnvironment) => {
      const stacks: StackUnderTest[] = [];
      try {
        for (const [name, stackSettings, environment] of [
          ['secured', securedSettings, securedEnvironment],
          ['plaintext', plaintextSettings, plaintextEnvironment],
        ] as const) {
          const databases = openServiceDatabases(environment);
          const probe = await PipelinePositionProbe.open(stackSettings, databases);
          stacks.push({ name, settings: stackSettings, databases, probe });
        }
        const [secured, plaintext] = stacks as [StackUnderTest, StackUnderTest];
        const durableAdd = await compareDurableAdd(secured, plaintext, plan, log);
        const ladders: Record<StackUnderTest['name'], RateStep[]> = { secured: [], plaintext: [] };
        for (const stack of [secured, plaintext])
          ladders[stack.name] = await rateLadder(stack, plan, startRate, log);
        const securedSustained = highestKeptUp(ladders.secured);
        const plaintextSustained = highestKeptUp(ladders.plaintext);
        return {
          durableAdd,
          pipeline: {
            secured: ladders.secured,
            plaintext: ladders.plaintext,
            securedSustained,
            plaintextSustained,
            cost:
              securedSustained !== null && plaintextSustained
                ? 1 - securedSustained / plaintextSustained
                : null,
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
  secured: StackUnderTest,
  plaintext: StackUnderTest,
  plan: BenchPlan['security'],
  log: (line: string) => void,
): Promise<SecurityCostResult['durableAdd']> {
  const best = new Map<string, ClosedLoopResult>();
  for (let round = 0; round <= plan.rounds; round++) {
    for (const stack of [secured, plaintext]) {
      await Promise.all([secured, plaintext].map((each) => waitForDrain(each.databases, DRAIN_TIMEOUT_MS)));
      const result = await measureAddCalls({
        target: calculatorTarget(stack.settings),
        inFlight: plan.inFlight,
        warmupMs: plan.warmupMs,
        durationMs: plan.durationMs,
      });
      log(
        `security, ${round === 0 ? 'warm-up round' : `round ${round}/${plan.rounds}`}: durable Add, ${stack.name}: ` +
          `${Math.round(result.perSecond)}/s, p99 ${result.p99Ms.toFixed(1)} ms, ${result.failed} failed`,
      );
      if (result.failed > 0) log(`  first error: ${result.firstError}`);
      if (round === 0) continue;
      const previous = best.get(stack.name);
      if (!previous || result.perSecond > previous.perSecond) best.set(stack.name, result);
    }
  }
  const securedBest = best.get('secured') as ClosedLoopResult;
  const plaintextBest = best.get('plaintext') as ClosedLoopResult;
  return {
    inFlight: plan.inFlight,
    secured: securedBest,
    plaintext: plaintextBest,
    cost: 1 - securedBest.perSecond / plaintextBest.perSecond,
  };
}

/** The same search for the highest sustained rate as the pipeline section's, at this section's step length. */
async function rateLadder(
  stack: StackUnderTest,
  plan: BenchPlan['security'],
  startRate: number,
  log: (line: string) => void,
): Promise<RateStep[]> {
  const { steps } = await searchSustainedRate(
    { startRate, stepFactor: plan.stepFactor, maxSteps: plan.maxSteps, resolution: RATE_RESOLUTION },
    async (rate, step) => {
      log(`security: ${stack.name} pipeline, step ${step} of at most ${plan.maxSteps}, ${rate}/s`);
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
