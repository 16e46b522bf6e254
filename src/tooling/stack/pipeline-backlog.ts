import type { ServiceDatabases } from './local-databases.ts';

/**
 * Calculations the calculator has committed, from the per-backend counts `record_calculations` keeps in
 * the same transaction: exact, and eight rows to read instead of a scan of every calculation.
 */
export async function committedCalculations(databases: ServiceDatabases): Promise<number> {
  const row = await databases.calculator
    .selectFrom('calculation_counts')
    .select((eb) => eb.fn.sum<string>('stored').as('stored'))
    .executeTakeFirstOrThrow();
  return Number(row.stored ?? 0);
}

/** Events the totals keeper has applied to its running total. */
export async function appliedEvents(databases: ServiceDatabases): Promise<number> {
  const row = await databases.totals
    .selectFrom('running_total')
    .select('event_count')
    .executeTakeFirstOrThrow();
  return Number(row.event_count);
}

/**
 * Calculations committed by the calculator and not yet in the totals keeper's ledger (0 when the
 * pipeline has drained).
 */
export async function pipelineBacklog(databases: ServiceDatabases): Promise<number> {
  const [committed, applied] = await Promise.all([
    committedCalculations(databases),
    appliedEvents(databases),
  ]);
  return committed - applied;
}
