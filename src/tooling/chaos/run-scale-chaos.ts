import { setTimeout as sleep } from 'node:timers/promises';
import { CALCULATION_EVENTS_TOPIC } from '../../services/shared/calculation-recorded-event.ts';
import {
  countCalculationsById,
  countCalculationsKeyedBy,
  type Reconciliation,
  reconcileWithin,
} from '../reconciliation/reconcile.ts';
import { openServiceDatabases, type ServiceDatabases } from '../stack/local-databases.ts';
import { partPid, startAgain, stopPart, waitUntilBack } from '../stack/part-control.ts';
import { instanceName, parseInstanceName, serviceInstance } from '../stack/service-instances.ts';
import { calculatorTarget, stackGrpcTarget } from '../stack/stack-grpc.ts';
import type { StackSettings } from '../stack/stack-settings.ts';
import {
  type ApplyPause,
  applyPause,
  readAppliedBatches,
  type TilingBreach,
  tilingBreaches,
} from './applied-batches.ts';
import { sampleBacklog, waitForCatchUp } from './fault-watch.ts';
import { waitForBatchInFlight } from './keeper-sessions.ts';
import { processesRestarted, readProcessLives } from './part-lives.ts';
import { raceSameKeys, type SameKeyRace } from './same-key-race.ts';
import { type ScaleStep, scaleStepName } from './scale-plan.ts';
import { SteadyLoad } from './steady-load.ts';
import { makeZombie, type ZombieOutcome } from './zombie-keeper.ts';

export interface ScaleStepResult {
  kind: ScaleStep['kind'];
  name: string;
  atSeconds: number;
  /** The totals keepers the step stopped, killed or started. */
  targets: string[];
  /** kill-mid-batch and zombie: whether the keeper's session was running a batch when the signal went. */
  midBatch?: boolean;
  /** How long applying paused around the step's rebalances (undefined for same-key). */
  pause?: ApplyPause;
  /** From the step's end until the backlog was under a second of input again; undefined past the bound. */
  caughtUpAfterSeconds: number | undefined;
  peakBacklog: number;
  failedCalls: number;
  problem?: string;
  /** Processes other than the step's targets that restarted from before it until before the next. */
  collateralRestarts: string[];
  zombie?: ZombieOutcome;
  sameKey?: SameKeyRace & { storedUnderTheKeys: number };
}

export interface ScaleChaosResult {
  seed: number;
  ratePerSecond: number;
  calculators: number;
  totalsKeepers: number;
  steps: ScaleStepResult[];
  confirmed: number;
  confirmedMissingFromCalculator: number;
  abandoned: number;
  stuckAtStop: number;
  reconciliation: Reconciliation;
  /** Every batch applied during the run, and who applied how many. */
  appliedBatches: { count: number; byProcess: Record<string, number>; breaches: TilingBreach[] };
}

export const SCALE_LAG_BOUND_SECONDS = 60;

/** The totals keepers running now, by pid, to name the processes that appear in applied_batches. */
async function keeperNames(settings: StackSettings): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  for (const [name, life] of await readProcessLives(settings)) {
    const pid = Number(life?.split('/')[0]);
    if (parseInstanceName(name)?.kind === 'totals' && pid) names.set(pid, name);
  }
  return names;
}

/**
 * Scale-out chaos: steady load over every calculator, the planned steps one after another (scaling the
 * totals keepers in and out, killing one mid-batch, making one a zombie, racing idempotency keys across
 * calculators), then the same end checks as every chaos run plus the applied batches' tiling.
 */
export async function runScaleChaos(
  settings: StackSettings,
  plan: { seed: number; ratePerSecond: number; steps: ScaleStep[] },
  log: (line: string) => void,
): Promise<ScaleChaosResult> {
  const databases = openServiceDatabases();
  const load = new SteadyLoad(calculatorTarget(settings), plan.ratePerSecond, plan.seed);
  const threshold = Math.max(10, plan.ratePerSecond);
  const partitions = Array.from({ length: settings.CALCULATION_EVENTS_PARTITIONS }, (_, index) => index);
  const others = Array.from({ length: settings.totalsKeepers - 1 }, (_, offset) =>
    instanceName('totals', offset + 2),
  );
  const startedAtMs = Date.now();
  const startedAt = performance.now();
  const seconds = (from: number, to: number) => Math.round((to - from) / 100) / 10;
  const pidNames = new Map<number, string>();
  const remember = async () => {
    for (const [pid, name] of await keeperNames(settings)) pidNames.set(pid, name);
  };
  const steps: ScaleStepResult[] = [];
  let livesBefore = await readProcessLives(settings);
  let previousTargets: string[] = [];
  try {
    await remember();
    load.start();
    for (const [index, step] of plan.steps.entries()) {
      await sleep(step.quietBeforeMs);
      const lives = await readProcessLives(settings);
      const late = processesRestarted(livesBefore, lives, previousTargets);
      const previous = steps.at(-1);
      if (previous && late.length > 0)
        previous.collateralRestarts.push(
          ...late.filter((name) => !previous.collateralRestarts.includes(name)),
        );
      const name = scaleStepName(step);
      log(`step ${index + 1}/${plan.steps.length}: ${name}`);
      const at = performance.now();
      const atMs = Date.now();
      const backlog = sampleBacklog(databases);
      const result: ScaleStepResult = {
        kind: step.kind,
        name,
        atSeconds: seconds(startedAt, at),
        targets: [],
        caughtUpAfterSeconds: undefined,
        peakBacklog: 0,
        failedCalls: 0,
        collateralRestarts: [],
      };
      try {
        await runStep(step, settings, databases, others, result, plan.seed + index, log);
      } catch (error) {
        result.problem = `${(error as Error).message} (logs in ${settings.logDir})`;
      }
      await remember();
      const ended = performance.now();
      const caughtUp = await waitForCatchUp(databases, threshold, SCALE_LAG_BOUND_SECONDS * 1000);
      result.caughtUpAfterSeconds = caughtUp === undefined ? undefined : seconds(ended, caughtUp);
      result.peakBacklog = backlog.stop();
      const end = caughtUp ?? performance.now();
      result.failedCalls = load.failedAttempts.filter(
        (attempt) => attempt.at >= at && attempt.at <= end,
      ).length;
      if (step.kind !== 'same-key') {
        // Batches are committed with the database's clock; a second more lets the last of them land.
        await sleep(1_000);
        const windowEndMs = atMs + (end - at) + 1_000;
        const batches = await readAppliedBatches(databases.totals, CALCULATION_EVENTS_TOPIC, atMs - 1_000);
        result.pause = applyPause(batches, partitions, atMs, windowEndMs);
      }
      livesBefore = await readProcessLives(settings);
      result.collateralRestarts = processesRestarted(lives, livesBefore, result.targets);
      previousTargets = result.targets;
      log(
        `  ${result.problem ? `PROBLEM: ${result.problem}; ` : ''}` +
          (result.midBatch === undefined
            ? ''
            : result.midBatch
              ? 'a batch was in flight; '
              : 'NO batch was in flight; ') +
          (result.pause
            ? `no batch applied on any partition for ${result.pause.allPartitionsSeconds} s, the longest a partition waited ${result.pause.onePartitionSeconds} s; `
            : '') +
          (result.zombie
            ? `partition ${result.zombie.partition} went to ${result.zombie.successor ?? 'NO other keeper'}, whose copy of the zombie's batch was fenced ${result.zombie.successorBatchesFenced} times; the zombie ${result.zombie.rejoined ? 'rejoined' : 'DID NOT rejoin'}; `
            : '') +
          (result.sameKey
            ? `${result.sameKey.answeredAlike}/${result.sameKey.pairs} pairs answered alike, ${result.sameKey.storedUnderTheKeys} stored; `
            : '') +
          (result.caughtUpAfterSeconds === undefined
            ? `lag NOT back to zero within ${SCALE_LAG_BOUND_SECONDS} s, `
            : `lag back to zero ${result.caughtUpAfterSeconds} s after (peak ${result.peakBacklog}), `) +
          `${result.failedCalls} failed calls (retried)` +
          (result.collateralRestarts.length > 0
            ? `; ALSO RESTARTED: ${result.collateralRestarts.join(', ')}`
            : ''),
      );
      steps.push(result);
    }
  } finally {
    await load.stop();
  }

  log('load stopped; waiting for the pipeline to drain');
  const reconciliation = await reconcileWithin(databases.calculator, databases.totals, 180_000);
  const confirmedIds = [...load.confirmed.values()];
  const found = await countCalculationsById(databases.calculator, confirmedIds);
  const batches = await readAppliedBatches(databases.totals, CALCULATION_EVENTS_TOPIC, startedAtMs);
  await databases.destroy();
  const byProcess: Record<string, number> = {};
  for (const batch of batches) {
    const pid = Number(/:(\d+)$/.exec(batch.appliedBy)?.[1]);
    const label = pidNames.has(pid) ? `${pidNames.get(pid)} (pid ${pid})` : batch.appliedBy;
    byProcess[label] = (byProcess[label] ?? 0) + 1;
  }
  return {
    seed: plan.seed,
    ratePerSecond: plan.ratePerSecond,
    calculators: settings.calculators,
    totalsKeepers: settings.totalsKeepers,
    steps,
    confirmed: confirmedIds.length,
    confirmedMissingFromCalculator: confirmedIds.length - found,
    abandoned: load.abandoned,
    stuckAtStop: load.stuckAtStop,
    reconciliation,
    appliedBatches: { count: batches.length, byProcess, breaches: tilingBreaches(batches) },
  };
}

async function runStep(
  step: ScaleStep,
  settings: StackSettings,
  databases: ServiceDatabases,
  others: readonly string[],
  result: ScaleStepResult,
  seed: number,
  log: (line: string) => void,
): Promise<void> {
  switch (step.kind) {
    case 'scale-in':
      result.targets = [...others];
      // Last first, as a StatefulSet or `kubectl scale` removes them.
      for (const name of [...others].reverse()) await stopPart(settings, name);
      return;
    case 'scale-out':
      result.targets = [...others];
      for (const name of others) await startAgain(settings, name);
      return;
    case 'kill-mid-batch': {
      const name = instanceName('totals', step.instance);
      result.targets = [name];
      const pid = await partPid(settings, name);
      result.midBatch = await waitForBatchInFlight(databases.totals, pid, 10_000);
      process.kill(pid, 'SIGKILL');
      await waitUntilBack(settings, name, pid);
      return;
    }
    case 'zombie': {
      result.targets = [instanceName('totals', step.instance)];
      result.zombie = await makeZombie(settings, databases, step, others, log);
      result.midBatch = result.zombie.heldABatch;
      return;
    }
    case 'same-key': {
      const targets = [1, 2].map((index) =>
        stackGrpcTarget(settings, serviceInstance(settings, 'calculator', index).address),
      ) as [ReturnType<typeof stackGrpcTarget>, ReturnType<typeof stackGrpcTarget>];
      const race = await raceSameKeys(targets, step.pairs, seed);
      result.sameKey = {
        ...race,
        storedUnderTheKeys: await countCalculationsKeyedBy(databases.calculator, race.keyPrefix),
      };
      return;
    }
  }
}
