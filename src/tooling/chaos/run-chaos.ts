import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { countCalculationsById, type Reconciliation, reconcileWithin } from '../reconciliation/reconcile.ts';
import { type FaultLink, faultProxyOf } from '../stack/fault-proxies.ts';
import { openServiceDatabases } from '../stack/local-databases.ts';
import { signalPart, waitUntilBack } from '../stack/part-control.ts';
import { calculatorTarget } from '../stack/stack-grpc.ts';
import type { StackSettings } from '../stack/stack-settings.ts';
import { type Fault, faultName, type NetworkFaultKind } from './fault-plan.ts';
import { pipelineFlowsAgain, sampleBacklog, waitForCatchUp, watchForNotice } from './fault-watch.ts';
import { errorLinesSince, logSize } from './log-lines.ts';
import { describeNetworkFault, NetworkFaults } from './network-faults.ts';
import { type PartLives, partsRestarted, readPartLives, waitUntilAllRunning } from './part-lives.ts';
import { SteadyLoad } from './steady-load.ts';

export interface FaultResult {
  type: Fault['type'];
  /** "SIGKILL postgres", "half-open connect-postgres". */
  name: string;
  /** The part killed, or the client part of the link. */
  part: string;
  /** Process faults: the signal sent. */
  signal?: string;
  /** Network faults: the link, the kind, its figures ("640 ± 160 ms") and how long it held. */
  link?: FaultLink;
  kind?: NetworkFaultKind;
  figures?: string;
  heldSeconds?: number;
  atSeconds: number;
  /**
   * Network faults: from the fault until the client part first logged a warning or an error, i.e. noticed
   * something was wrong by itself; undefined if it never did (fine for a slow link, not for a dead one).
   */
  detectedAfterSeconds?: number;
  /**
   * Process faults: from the signal until the part runs again and passes its readiness probe. Network
   * faults: from the fault's removal until an addition answered after it has been applied by the totals
   * keeper. Undefined if that never happened.
   */
  backAfterSeconds: number | undefined;
  /** Why the fault did not run as planned: the signal could not be sent, or the part did not come back. */
  problem?: string;
  /**
   * From the fault's end (the signal; a network fault's removal) until the backlog is under a second of
   * input again; undefined if not within `lagBoundSeconds`.
   */
  caughtUpAfterSeconds: number | undefined;
  /** The most calculations committed and not yet applied at any moment from the fault until caught up. */
  peakBacklog: number;
  /** Seconds after the fault ended (the signal; a network fault's removal) that lag had to be back by. */
  lagBoundSeconds: number;
  failedCalls: number;
  /** SIGTERM only: calls that failed other than by being refused (so were cut off mid-flight). */
  callsCutOff?: number;
  /** SIGTERM only: error or fatal lines the part logged while stopping. */
  errorLines?: string[];
  /**
   * Other parts that restarted from just before this fault until just before the next one (the last
   * fault: until the pipeline drained): a fault must not take anything else down with it. For a network
   * fault every restart counts: cutting a link must not kill a process.
   */
  collateralRestarts: string[];
}

export interface ChaosResult {
  seed: number;
  ratePerSecond: number;
  /** Whether Toxiproxy stood on every link during the run. */
  throughFaultProxies: boolean;
  faults: FaultResult[];
  confirmed: number;
  confirmedMissingFromCalculator: number;
  abandoned: number;
  /** Calls the load driver still waited on when it stopped, and aborted so that the run could end. */
  stuckAtStop: number;
  reconciliation: Reconciliation;
}

/** How long after a fault ends its lag must be back to zero; past it the run calls it a hang. */
export const LAG_BOUND_SECONDS = 60;

/**
 * Runs steady load against the stack, injects the planned faults one after another, then stops the
 * load, lets the pipeline drain and gathers what `judgeChaos` needs to tell whether anything was lost,
 * counted twice, left hanging or taken down with a fault.
 */
export async function runChaos(
  settings: StackSettings,
  plan: { seed: number; ratePerSecond: number; faults: Fault[] },
  log: (line: string) => void,
): Promise<ChaosResult> {
  const hasNetworkFaults = plan.faults.some((fault) => fault.type === 'network');
  const network = new NetworkFaults(settings);
  const throughFaultProxies = await network.requireProxies().then(
    () => true,
    (error: Error) => {
      if (hasNetworkFaults) throw error;
      return false;
    },
  );
  // A run that crashed may have left a link cut: start from every proxy open and no toxic. An interrupted
  // run must not leave one cut either.
  if (throughFaultProxies) await network.clear();
  const clearOnSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: taking every network fault off the links before stopping`);
    void network.clear().finally(() => process.exit(130));
  };
  if (throughFaultProxies) {
    process.once('SIGINT', clearOnSignal);
    process.once('SIGTERM', clearOnSignal);
  }
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
      const name = faultName(fault);
      const part = fault.type === 'process' ? fault.part : faultProxyOf(settings, fault.link).client;
      const logFile = path.join(settings.logDir, `${part}.log`);
      const logOffset = logSize(logFile);
      const at = performance.now();
      let problem: string | undefined;
      let back: number | undefined;
      let ended = at;
      // The client's log is watched until the lag is back: a client that notices only once the link is
      // whole again is reported as such, and judged on it for a half-open link.
      const notice = fault.type === 'network' ? watchForNotice(logFile) : undefined;
      const backlog = sampleBacklog(databases);
      if (fault.type === 'process') {
        log(`fault ${index + 1}/${plan.faults.length}: ${name}`);
        try {
          const pid = await signalPart(settings, fault.part, fault.signal);
          await waitUntilBack(settings, fault.part, pid);
          back = performance.now();
        } catch (error) {
          problem = `${(error as Error).message} (its log: ${logFile})`;
        }
      } else {
        const figures = describeNetworkFault(fault);
        log(
          `fault ${index + 1}/${plan.faults.length}: ${name}${figures ? ` (${figures})` : ''} for ${Math.round(fault.holdMs / 100) / 10} s`,
        );
        try {
          await network.apply(fault);
          await sleep(Math.max(0, fault.holdMs - (performance.now() - at)));
        } finally {
          await network.remove(fault);
        }
        ended = performance.now();
        back = await pipelineFlowsAgain(databases, load, ended, LAG_BOUND_SECONDS * 1000);
        if (back === undefined)
          problem = `no addition answered after the fault's removal was applied within ${LAG_BOUND_SECONDS} s (the client's log: ${logFile})`;
      }
      const caughtUp = await waitForCatchUp(
        databases,
        caughtUpThreshold,
        Math.max(0, ended + LAG_BOUND_SECONDS * 1000 - performance.now()),
      );
      const end = caughtUp ?? performance.now();
      const detected = notice?.stop();
      const peakBacklog = backlog.stop();
      const failed = load.failedAttempts.filter((attempt) => attempt.at >= at && attempt.at <= end);
      livesAfterLastFault = await readPartLives(settings);
      const result: FaultResult = {
        type: fault.type,
        name,
        part,
        ...(fault.type === 'process'
          ? { signal: fault.signal }
          : {
              link: fault.link,
              kind: fault.kind,
              figures: describeNetworkFault(fault),
              heldSeconds: seconds(at, ended),
              detectedAfterSeconds: detected === undefined ? undefined : seconds(at, detected),
            }),
        atSeconds: seconds(startedAt, at),
        backAfterSeconds:
          back === undefined ? undefined : seconds(fault.type === 'process' ? at : ended, back),
        ...(problem ? { problem } : {}),
        caughtUpAfterSeconds: caughtUp === undefined ? undefined : seconds(ended, caughtUp),
        peakBacklog,
        lagBoundSeconds: LAG_BOUND_SECONDS,
        failedCalls: failed.length,
        collateralRestarts: partsRestarted(
          livesBefore,
          livesAfterLastFault,
          fault.type === 'process' ? fault.part : undefined,
        ),
      };
      if (fault.type === 'process' && fault.signal === 'SIGTERM') {
        result.callsCutOff = failed.filter((attempt) => attempt.code !== 'UNAVAILABLE').length;
        result.errorLines = errorLinesSince(logFile, logOffset);
      }
      log(
        `  ${problem ? `DID NOT RECOVER: ${problem}; ` : ''}` +
          (result.detectedAfterSeconds !== undefined
            ? `noticed after ${result.detectedAfterSeconds} s, `
            : '') +
          (fault.type === 'network' && result.detectedAfterSeconds === undefined ? 'not noticed, ' : '') +
          (back !== undefined ? `back after ${result.backAfterSeconds} s, ` : '') +
          (result.caughtUpAfterSeconds === undefined
            ? `lag NOT back to zero ${LAG_BOUND_SECONDS} s after the fault ended, `
            : `lag back to zero ${result.caughtUpAfterSeconds} s after the fault (peak ${peakBacklog}), `) +
          `${result.failedCalls} failed calls (retried)` +
          (result.collateralRestarts.length > 0
            ? `; ALSO RESTARTED: ${result.collateralRestarts.join(', ')}`
            : ''),
      );
      results.push(result);
    }
  } finally {
    await load.stop();
    if (throughFaultProxies) await network.clear();
    process.off('SIGINT', clearOnSignal);
    process.off('SIGTERM', clearOnSignal);
  }

  log('load stopped; waiting for the pipeline to drain');
  const reconciliation = await reconcileWithin(databases.calculator, databases.totals, 180_000);
  const confirmedIds = [...load.confirmed.values()];
  const found = await countCalculationsById(databases.calculator, confirmedIds);
  await databases.destroy();
  blameLateRestarts(await readPartLives(settings));
  const missing = confirmedIds.length - found;
  return {
    seed: plan.seed,
    ratePerSecond: plan.ratePerSecond,
    throughFaultProxies,
    faults: results,
    confirmed: confirmedIds.length,
    confirmedMissingFromCalculator: missing,
    abandoned: load.abandoned,
    stuckAtStop: load.stuckAtStop,
    reconciliation,
  };
}
