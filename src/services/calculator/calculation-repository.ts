import { type Kysely, sql } from 'kysely';
import type { CalculatorDatabase } from './calculator-database.ts';

/** A calculation to store and the event announcing it, written only if the calculation is. */
export interface CalculationWithEvent {
  id: string;
  a: string;
  b: string;
  sum: string;
  idempotencyKey: string | null;
  event: {
    id: string;
    aggregateType: string;
    type: string;
    payload: object;
    traceparent: string | null;
  };
}

/** A calculation as it was first recorded. */
export interface StoredCalculation {
  id: string;
  a: string;
  b: string;
  sum: string;
}

export interface RecordedRow {
  /** Stored by this call; otherwise its idempotency key was taken and `earlier` holds that calculation. */
  storedNow: boolean;
  earlier: StoredCalculation | undefined;
}

interface RecordCalculationsRow {
  requested_id: string;
  stored_now: boolean;
  stored_id: string | null;
  stored_a: string | null;
  stored_b: string | null;
  stored_sum: string | null;
}

/**
 * Stores the calculations whose idempotency key is new, with their events in the outbox, in one statement
 * (`record_calculations`, migrations/calculator/0002): one round trip and one transaction per batch.
 * Answers, for each calculation id, whether it was stored and otherwise what was stored under its key.
 */
export async function recordCalculations(
  db: Kysely<CalculatorDatabase>,
  calculations: readonly CalculationWithEvent[],
): Promise<Map<string, RecordedRow>> {
  const batch = calculations.map((calculation) => ({
    id: calculation.id,
    a: calculation.a,
    b: calculation.b,
    sum: calculation.sum,
    idempotency_key: calculation.idempotencyKey,
    event_id: calculation.event.id,
    aggregatetype: calculation.event.aggregateType,
    type: calculation.event.type,
    payload: calculation.event.payload,
    traceparent: calculation.event.traceparent,
  }));
  const { rows } = await sql<RecordCalculationsRow>`
    select * from record_calculations(${JSON.stringify(batch)}::jsonb)`.execute(db);
  return new Map(
    rows.map((row) => [
      row.requested_id,
      {
        storedNow: row.stored_now,
        earlier:
          row.stored_id === null
            ? undefined
            : {
                id: row.stored_id,
                a: row.stored_a as string,
                b: row.stored_b as string,
                sum: row.stored_sum as string,
              },
      },
    ]),
  );
}

/** Calculations stored so far, from the counts `record_calculations` keeps: no scan of the table. */
export async function countCalculations(db: Kysely<CalculatorDatabase>): Promise<number> {
  const row = await db
    .selectFrom('calculation_counts')
    .select((eb) => eb.fn.sum<string>('stored').as('stored'))
    .executeTakeFirstOrThrow();
  return Number(row.stored);
}
