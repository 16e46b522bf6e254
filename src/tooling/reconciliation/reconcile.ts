import { type Kysely, sql } from 'kysely';
import type { CalculatorDatabase } from '../../services/calculator/calculator-database.ts';
import { decimalsEqual } from '../../services/shared/exact-decimal.ts';
import type { TotalsDatabase } from '../../services/totals/totals-database.ts';

export interface Reconciliation {
  ok: boolean;
  calculations: string;
  calculatorSum: string;
  appliedEvents: string;
  ledgerSum: string;
  runningTotal: string;
  runningTotalEvents: string;
  deadLetters: string;
  /** Calculations the calculator committed that the totals keeper has not applied. */
  missing: string[];
  /** Calculations the totals keeper applied more than once, or that the calculator never committed. */
  duplicated: string[];
  unexpected: string[];
}

const SAMPLE = 20;

/**
 * Compares what the calculator committed with what the totals keeper applied: the same calculations,
 * each once, and the running total equal to the exact sum of the calculator's sums. Aggregates first;
 * ids are compared only when the aggregates differ.
 */
export async function reconcile(
  calculator: Kysely<CalculatorDatabase>,
  totals: Kysely<TotalsDatabase>,
): Promise<Reconciliation> {
  const committed = await calculator
    .selectFrom('calculations')
    .select([
      sql<string>`count(*)::text`.as('count'),
      sql<string>`coalesce(trim_scale(sum(sum)), 0)::text`.as('sum'),
    ])
    .executeTakeFirstOrThrow();
  const ledger = await totals
    .selectFrom('applied_events')
    .select([
      sql<string>`count(*)::text`.as('count'),
      sql<string>`coalesce(trim_scale(sum(sum)), 0)::text`.as('sum'),
      sql<string>`(count(*) - count(distinct calculation_id))::text`.as('duplicates'),
    ])
    .executeTakeFirstOrThrow();
  const running = await totals
    .selectFrom('running_total')
    .select([sql<string>`trim_scale(total)::text`.as('total'), 'event_count'])
    .executeTakeFirstOrThrow();
  const deadLetters = await totals
    .selectFrom('dead_letters')
    .select(sql<string>`count(*)::text`.as('count'))
    .executeTakeFirstOrThrow();

  const aggregatesAgree =
    committed.count === ledger.count &&
    ledger.duplicates === '0' &&
    decimalsEqual(committed.sum, ledger.sum) &&
    decimalsEqual(ledger.sum, running.total) &&
    ledger.count === running.event_count;

  const result: Reconciliation = {
    ok: aggregatesAgree,
    calculations: committed.count,
    calculatorSum: committed.sum,
    appliedEvents: ledger.count,
    ledgerSum: ledger.sum,
    runningTotal: running.total,
    runningTotalEvents: running.event_count,
    deadLetters: deadLetters.count,
    missing: [],
    duplicated: [],
    unexpected: [],
  };
  if (!aggregatesAgree) await findDifferences(calculator, totals, result);
  return result;
}

async function findDifferences(
  calculator: Kysely<CalculatorDatabase>,
  totals: Kysely<TotalsDatabase>,
  result: Reconciliation,
): Promise<void> {
  const committedIds = new Set(
    (await calculator.selectFrom('calculations').select('id').execute()).map((r) => r.id),
  );
  const applied = await totals
    .selectFrom('applied_events')
    .select(['calculation_id', sql<string>`count(*)::text`.as('times')])
    .groupBy('calculation_id')
    .execute();
  const appliedIds = new Set<string>();
  for (const row of applied) {
    appliedIds.add(row.calculation_id);
    if (row.times !== '1') result.duplicated.push(row.calculation_id);
    if (!committedIds.has(row.calculation_id)) result.unexpected.push(row.calculation_id);
  }
  for (const id of committedIds) if (!appliedIds.has(id)) result.missing.push(id);
}

/** How many calculations the calculator committed whose idempotency key starts with `prefix` (a run's). */
export async function countCalculationsKeyedBy(
  calculator: Kysely<CalculatorDatabase>,
  prefix: string,
): Promise<number> {
  const { count } = await calculator
    .selectFrom('calculations')
    .select(sql<string>`count(*)::text`.as('count'))
    .where('idempotency_key', 'like', `${prefix}%`)
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** How many of these calculation ids the calculator has committed, asked in chunks of 5,000. */
export async function countCalculationsById(
  calculator: Kysely<CalculatorDatabase>,
  ids: readonly string[],
): Promise<number> {
  let found = 0;
  for (let start = 0; start < ids.length; start += 5_000) {
    const row = await calculator
      .selectFrom('calculations')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('id', 'in', ids.slice(start, start + 5_000))
      .executeTakeFirstOrThrow();
    found += Number(row.count);
  }
  return found;
}

/**
 * Polls until the two sides agree or the time is up (the totals keeper applies asynchronously),
 * returning the last look.
 */
export async function reconcileWithin(
  calculator: Kysely<CalculatorDatabase>,
  totals: Kysely<TotalsDatabase>,
  timeoutMs: number,
): Promise<Reconciliation> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await reconcile(calculator, totals);
    if (result.ok || Date.now() >= deadline) return result;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export function describeReconciliation(result: Reconciliation): string {
  if (result.ok) {
    return (
      `reconciliation OK: ${result.calculations} calculations committed by the calculator, sum ${result.calculatorSum}; ` +
      `running total ${result.runningTotal} over ${result.runningTotalEvents} events, each applied once ` +
      `(${result.deadLetters} dead-lettered records)`
    );
  }
  const sample = (ids: string[]) =>
    `${ids.length}${ids.length ? ` (${ids.slice(0, SAMPLE).join(', ')}${ids.length > SAMPLE ? ', …' : ''})` : ''}`;
  return [
    'reconciliation MISMATCH',
    `  calculator: ${result.calculations} calculations, sum ${result.calculatorSum}`,
    `  totals:     ${result.appliedEvents} applied events, ledger sum ${result.ledgerSum}, running total ${result.runningTotal} over ${result.runningTotalEvents} events`,
    `  missing:    ${sample(result.missing)}`,
    `  duplicated: ${sample(result.duplicated)}`,
    `  unexpected: ${sample(result.unexpected)}`,
  ].join('\n');
}
