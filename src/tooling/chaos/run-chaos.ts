import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Reconciliation, reconcileWithin } from '../reconciliation/reconcile.ts';
import { openServiceDatabases, type ServiceDatabases } from '../stack/local-databases.ts';
import { signalPart, waitUntilBack } from '../stack/part-control.ts';
import { pipelineBacklog } from '../stack/pipeline-backlog.ts';
import { calculatorTarget } from '../stack/stack-grpc.ts';
import type { StackSettings } from '../stack/stack-settings.ts';
import type { Fault } from './fault-plan.ts';
import { errorLinesSince, logSize } from './log-lines.ts';
import { type PartLives, partsRestarted, readPartLives, waitUntilAllRunning } from './part-lives.ts';
import { SteadyLoad } from './steady-load.ts';

export interface FaultResult {
  part: string;
  signal: string;
  atSeconds: number;
  /** From the signal until the part runs again and passes its readiness probe; undefined if it never did. */
  backAfterSeconds: number | undefined;
  /** Why the fault did not run as planned: the signal could not be sent, or the part did not come back. */
  problem?: string;
  /** From the signal until the backlog is under a second of input again. */
  caughtUpAfterSeconds: number | undefined;
  failedCalls: number;
  /** SIGTERM only: calls that failed other than by being refused (so were cut off mid-flight). */
  callsCutOff?: number;
  /** SIGTERM only: error or fatal lines the part logged while stopping. */
  errorLines?: string[];
  /**
   * Other parts that restarted from just before this fault until just before the next one (the last
   * fault: until the pipeline drained): a fault must not take anything else down with it.
   */
  collateralRestarts: string[];
}

export interface ChaosResult {
  seed: number;
  ratePerSecond: number;
  faults: FaultResult[];
  confirmed: number;
  confirmedMissingFromCalculator: number;
  abandoned: number;
  reconciliation: Reconciliation;
}

async function waitForCatchUp(databases: ServiceDatabases, threshold: number, timeoutMs: number) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const behind = await pipelineBacklog(databases).catch(() => Number.POSITIVE_INFINITY);
    if (behind <= threshold) return performance.now();
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return undefined;
}

/**
 * Runs steady load against the stack, injects the planned faults one after another, then stops the
 * load, lets the pipeline drain and gathers what `judgeChaos` needs to tell whether anything was lost,
 * counted twice or taken down with a fault.
 */
export async function runChaos(
  settings: StackSettings,
  plan: { seed: number; ratePerSecond: number; faults: Fault[] },
  log: (line: string) => void,
): Promise<ChaosResult> {
  const databases = openServiceDatabases();
  const load = new SteadyLoad(calculatorTarget(settings), plan.ratePerSecond, plan.seed);
  const caughtUpThreshold = Math.max(10, plan.ratePerSecond);
  const results: FaultResult[] = [];
  const startedAt = performance.now();
  const seconds = (from: number, to: number) => Math.round((to - from) / 100) / 10;
  // A part can die seconds after a fault's own check (a service meets the dead Postgres only on its
  // next query), so each fault is also blamed for restarts found before the next fault or at the end.
  let livesAfterLastFault: PartLives | undefined;
  const blameLateRestarts = (now: PartLives) => {
    const previous = results.at(-1);
    if (!previous || !livesAfterLastFault) return;
    const late = partsRestarted(livesAfterLastFault, now).filter(
      (part) => !previous.collateralRestarts.includes(part),
    );
    if (late.length === 0) return;
    previous.collateralRestarts.push(...late);
    log(`  fault ${results.length} ALSO RESTARTED, after its lag got back to zero: ${late.join(', ')}`);
  };
  try {
    load.start();
    for (const [index, fault] of plan.faults.entries()) {
      await sleep(fault.quietBeforeMs);
      const livesBefore = await waitUntilAllRunning(settings, 180_000);
      blameLateRestarts(livesBefore);
      const logFile = path.join(settings.logDir, `${fault.part}.log`);
      const logOffset = logSize(logFile);
      const at = performance.now();
      log(`fault ${index + 1}/${plan.faults.length}: ${fault.signal} ${fault.part}`);
      let problem: string | undefined;
      try {
        const pid = await signalPart(settings, fault.part, fault.signal);
        await waitUntilBack(settings, fault.part, pid);
      } catch (error) {
        problem = `${(error as Error).message} (its log: ${logFile})`;
      }
      const back = performance.now();
      const caughtUp = await waitForCatchUp(databases, caughtUpThreshold, 180_000);
      const end = caughtUp ?? performance.now();
      const failed = load.failedAttempts.filter((attempt) => attempt.at >= at && attempt.at <= end);
      livesAfterLastFault = await readPartLives(settings);
      const result: FaultResult = {
        part: fault.part,
        signal: fault.signal,
        atSeconds: seconds(startedAt, at),
        backAfterSeconds: problem ? undefined : seconds(at, back),
        ...(problem ? { problem } : {}),
        caughtUpAfterSeconds: caughtUp === undefined ? undefined : seconds(at, caughtUp),
        failedCalls: failed.length,
        collateralRestarts: partsRestarted(livesBefore, livesAfterLastFault, fault.part),
      };
      if (fault.signal === 'SIGTERM') {
        result.callsCutOff = failed.filter((attempt) => attempt.code !== 'UNAVAILABLE').length;
        result.errorLines = errorLinesSince(logFile, logOffset);
      }
      log(
        (problem
          ? `  ${fault.part} DID NOT COME BACK: ${problem}; `
          : `  back after ${result.backAfterSeconds} s, `) +
          `caught up after ${result.caughtUpAfterSeconds ?? 'never'} s, ${result.failedCalls} failed calls (retried)` +
          (result.collateralRestarts.length > 0
            ? `; ALSO RESTARTED: ${result.collateralRestarts.join(', ')}`
            : ''),
      );
      results.push(result);
    }
  } finally {
    await load.stop();
  }

  log('load stopped; waiting for the pipeline to drain');
  const reconciliation = await reconcileWithin(databases.calculator, databases.totals, 180_000);
  const confirmedIds = [...load.confirmed.values()];
  let found = 0;
  for (let start = 0; start < confirmedIds.length; start += 5_000) {
    const chunk = confirmedIds.slice(start, start + 5_000);
    const row = await databases.calculator
      .selectFrom('calculations')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('id', 'in', chunk)
      .executeTakeFirstOrThrow();
    found += Number(row.count);
  }
  await databases.destroy();
  blameLateRestarts(await readPartLives(settings));
  const missing = confirmedIds.length - found;
  return {
    seed: plan.seed,
    ratePerSecond: plan.ratePerSecond,
    faults: results,
    confirmed: confirmedIds.length,
    confirmedMissingFromCalculator: missing,
    abandoned: load.abandoned,
    reconciliation,
  };
}
