import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Kysely, sql } from 'kysely';
import type { TotalsDatabase } from '../../services/totals/totals-database.ts';

/** The application_name a totals keeper of this host with this pid gives its sessions (its main.ts). */
export const keeperSessionName = (pid: number) => `totals ${hostname()}:${pid}`;

/** Polls until the keeper with this pid has a session in apply_partition_batch matching `waiting`. */
async function waitForKeeperBatch(
  totals: Kysely<TotalsDatabase>,
  pid: number,
  timeoutMs: number,
  waiting: 'running' | 'on a lock',
): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  const condition = waiting === 'running' ? sql`state = 'active'` : sql`wait_event_type = 'Lock'`;
  while (performance.now() < deadline) {
    const { rows } = await sql<{ found: number }>`
      select count(*)::int as found from pg_stat_activity
       where application_name = ${keeperSessionName(pid)}
         and ${condition}
         and query like '%apply_partition_batch%'`.execute(totals);
    if ((rows[0]?.found ?? 0) > 0) return true;
    // Every few milliseconds: a batch runs for a few of them.
    await sleep(2);
  }
  return false;
}

/** Whether the keeper with this pid had a batch running in Postgres within the timeout. */
export const waitForBatchInFlight = (totals: Kysely<TotalsDatabase>, pid: number, timeoutMs: number) =>
  waitForKeeperBatch(totals, pid, timeoutMs, 'running');

/** Whether the keeper with this pid had a batch waiting in Postgres for a row lock within the timeout. */
export const waitForBatchWaitingOnLock = (totals: Kysely<TotalsDatabase>, pid: number, timeoutMs: number) =>
  waitForKeeperBatch(totals, pid, timeoutMs, 'on a lock');

/**
 * Locks a partition's stored offset as a batch does, in a transaction of its own, until `release` is
 * called: every batch of that partition waits meanwhile, whichever keeper sends it.
 */
export async function holdStoredOffset(
  totals: Kysely<TotalsDatabase>,
  topic: string,
  partition: number,
): Promise<{ release: () => Promise<void> }> {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked: () => void = () => {};
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const transaction = totals.transaction().execute(async (trx) => {
    await sql`select next_offset from consumer_offsets
               where topic = ${topic} and partition = ${partition} for update`.execute(trx);
    locked();
    await released;
  });
  await Promise.race([isLocked, transaction]);
  return {
    release: async () => {
      release();
      await transaction;
    },
  };
}

/** The partitions a keeper's log says it was last assigned, or none. */
export function lastAssignment(logLines: readonly string[]): number[] {
  for (const line of [...logLines].reverse()) {
    if (!line.includes('"partitions assigned"')) continue;
    try {
      const { partitions } = JSON.parse(line) as { partitions?: number[] };
      if (Array.isArray(partitions)) return partitions;
    } catch {
      // A line cut short while being written: look further back.
    }
  }
  return [];
}
