import type { ServiceDatabases } from './local-databases.ts';

/**
 * Calculations committed by the calculator and not yet in the totals keeper's ledger (0 when the
 * pipeline has drained).
 */
export async function pipelineBacklog(databases: ServiceDatabases): Promise<number> {
  const [committed, applied] = await Promise.all([
    databases.calculator
      .selectFrom('calculations')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow(),
    databases.totals.selectFrom('running_total').select('event_count').executeTakeFirstOrThrow(),
  ]);
  return Number(committed.count) - Number(applied.event_count);
}
