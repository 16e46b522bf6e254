import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CALCULATION_EVENTS_TOPIC } from '../../services/shared/calculation-recorded-event.ts';
import type { ServiceDatabases } from '../stack/local-databases.ts';
import { partPid } from '../stack/part-control.ts';
import { instanceName } from '../stack/service-instances.ts';
import type { StackSettings } from '../stack/stack-settings.ts';
import { holdStoredOffset, lastAssignment, waitForBatchWaitingOnLock } from './keeper-sessions.ts';
import { linesMatchingSince, logSize } from './log-lines.ts';
import type { ScaleStep } from './scale-plan.ts';

export interface ZombieOutcome {
  /** The partition whose batch the zombie held. */
  partition: number | undefined;
  /** Whether its batch was waiting in Postgres when it was stopped. */
  heldABatch: boolean;
  /** The keeper the group gave the partition to while the zombie slept; undefined if none within 30 s. */
  successor: string | undefined;
  /** Batches of the successor that found their records applied already (by the zombie), all or part. */
  successorBatchesFenced: number;
  /** Whether the zombie rejoined the group once woken. */
  rejoined: boolean;
}

const ASSIGNED = /"partitions assigned"/;
const FENCED = /batch already applied, skipped|batch partly applied already/;

/**
 * The zombie case, made to happen rather than hoped for. One partition's stored offset is held locked,
 * so the batch its owner sends next waits in Postgres; the owner is SIGSTOPped holding it. Past the
 * session timeout the group gives the partition to another keeper, which seeks to the stored offset (not
 * moved yet) and fetches the same records. Then the lock goes: the zombie's batch, sent before it lost
 * the partition, is applied after it lost it, and the successor's copy must find every record applied.
 * SIGCONT wakes the zombie, which must rejoin the group.
 */
export async function makeZombie(
  settings: StackSettings,
  databases: ServiceDatabases,
  step: Extract<ScaleStep, { kind: 'zombie' }>,
  others: readonly string[],
  log: (line: string) => void,
): Promise<ZombieOutcome> {
  const name = instanceName('totals', step.instance);
  const logOf = (part: string) => path.join(settings.logDir, `${part}.log`);
  const pid = await partPid(settings, name);
  const [partition] = lastAssignment(linesMatchingSince(logOf(name), 0, ASSIGNED));
  const outcome: ZombieOutcome = {
    partition,
    heldABatch: false,
    successor: undefined,
    successorBatchesFenced: 0,
    rejoined: false,
  };
  if (partition === undefined) return outcome;
  const candidates = [instanceName('totals', 1), ...others].filter((part) => part !== name);
  const offsets = new Map(candidates.map((part) => [part, logSize(logOf(part))]));
  const zombieOffset = logSize(logOf(name));
  const lock = await holdStoredOffset(databases.totals, CALCULATION_EVENTS_TOPIC, partition);
  let stoppedAt: number | undefined;
  try {
    outcome.heldABatch = await waitForBatchWaitingOnLock(databases.totals, pid, 10_000);
    process.kill(pid, 'SIGSTOP');
    stoppedAt = performance.now();
    // The successor seeks on assignment; a second later it has fetched from where the zombie began.
    const deadline = performance.now() + 30_000;
    while (!outcome.successor && performance.now() < deadline) {
      outcome.successor = candidates.find((part) =>
        lastAssignment(linesMatchingSince(logOf(part), offsets.get(part) ?? 0, ASSIGNED)).includes(partition),
      );
      await sleep(100);
    }
    if (outcome.successor) await sleep(1_000);
  } finally {
    await lock.release();
  }
  log(
    `  partition ${partition}: held by ${name} (pid ${pid}), stopped with its batch ${outcome.heldABatch ? 'waiting' : 'NOT waiting'}; ` +
      `${outcome.successor ? `given to ${outcome.successor}` : 'given to NO other keeper within 30 s'}; lock released`,
  );
  try {
    await sleep(Math.max(0, step.stoppedMs - (performance.now() - (stoppedAt ?? performance.now()))));
  } finally {
    if (stoppedAt !== undefined) process.kill(pid, 'SIGCONT');
  }
  // Long enough for the zombie to find its membership gone and join again.
  const rejoinDeadline = performance.now() + 30_000;
  while (!outcome.rejoined && performance.now() < rejoinDeadline) {
    outcome.rejoined = linesMatchingSince(logOf(name), zombieOffset, ASSIGNED).length > 0;
    await sleep(250);
  }
  if (outcome.successor)
    outcome.successorBatchesFenced = linesMatchingSince(
      logOf(outcome.successor),
      offsets.get(outcome.successor) ?? 0,
      FENCED,
    ).filter((line) => line.includes(`"partition":${partition},`)).length;
  return outcome;
}
