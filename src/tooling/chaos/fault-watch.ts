import { setTimeout as sleep } from 'node:timers/promises';
import type { ServiceDatabases } from '../stack/local-databases.ts';
import { appliedEvents, committedCalculations, pipelineBacklog } from '../stack/pipeline-backlog.ts';
import { logSize, warningLinesSince } from './log-lines.ts';
import type { SteadyLoad } from './steady-load.ts';

/** What a chaos run watches around each fault: the backlog, the client's log, the pipeline's flow. */

/** When the backlog is at most `threshold` again (performance.now()), or undefined past the timeout. */
export async function waitForCatchUp(databases: ServiceDatabases, threshold: number, timeoutMs: number) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const behind = await pipelineBacklog(databases).catch(() => Number.POSITIVE_INFINITY);
    if (behind <= threshold) return performance.now();
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return undefined;
}

/**
 * From `since` until the totals keeper has applied as many events as the calculator had committed when
 * it first answered an addition after `since`: an addition made after the fault has come out the other
 * end (or as many as that; the order across partitions is not kept). Undefined if not within the timeout.
 */
export async function pipelineFlowsAgain(
  databases: ServiceDatabases,
  load: SteadyLoad,
  since: number,
  timeoutMs: number,
): Promise<number | undefined> {
  const deadline = since + timeoutMs;
  let committedThen: number | undefined;
  while (performance.now() < deadline) {
    try {
      if (committedThen === undefined && (load.latestConfirmed?.at ?? 0) > since)
        committedThen = await committedCalculations(databases);
      if (committedThen !== undefined && (await appliedEvents(databases)) >= committedThen)
        return performance.now();
    } catch {
      // A database the fault left unreachable for the chaos run too: try again.
    }
    await sleep(100);
  }
  return undefined;
}

/** Samples the backlog twice a second and keeps its peak; a failed reading (a cut link) is skipped. */
export function sampleBacklog(databases: ServiceDatabases) {
  let peak = 0;
  const timer = setInterval(() => {
    void pipelineBacklog(databases).then(
      (behind) => {
        peak = Math.max(peak, behind);
      },
      () => {},
    );
  }, 500);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

/** Watches a part's log from now on and remembers when it first logged a warning or an error. */
export function watchForNotice(logFile: string) {
  const offset = logSize(logFile);
  let noticedAt: number | undefined;
  const timer = setInterval(() => {
    if (noticedAt === undefined && warningLinesSince(logFile, offset).length > 0)
      noticedAt = performance.now();
  }, 100);
  return {
    stop: () => {
      clearInterval(timer);
      if (noticedAt === undefined && warningLinesSince(logFile, offset).length > 0)
        noticedAt = performance.now();
      return noticedAt;
    },
  };
}
