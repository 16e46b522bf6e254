import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Kysely, sql } from 'kysely';
import type { TotalsDatabase } from '../../services/totals/totals-database.ts';

/** The application_name a totals keeper of this host with this pid gives its sessions (its main.ts). */
export const keeperSessionName = (pid: number) => `totals ${hostname()}:${pid}`;

/**
 * Waits until the keeper with this pid has a batch running in Postgres (its session active in
 * apply_partition_batch), polling every few milliseconds; false if it had none within the timeout.
 */
export async function waitForBatchInFlight(
  totals: Kysely<TotalsDatabase>,
  pid: number,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const { rows } = await sql<{ active: number }>`
      select count(*)::int as active from pg_stat_activity
       where application_name = ${keeperSessionName(pid)}
         and state = 'active'
         and query like '%apply_partition_batch%'`.execute(totals);
    if ((rows[0]?.active ?? 0) > 0) return true;
    await sleep(2);
  }
  return false;
}
