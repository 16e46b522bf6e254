import type { Kysely, Transaction } from 'kysely';
import type { CalculatorDatabase } from './calculator-database.ts';

export interface NewCalculation {
  id: string;
  a: string;
  b: string;
  sum: string;
  idempotencyKey: string | null;
}

/** A calculation as it was first recorded. */
export type StoredCalculation = NewCalculation;

/** Inserts the calculations whose idempotency key is new and returns the ids that were inserted. */
export async function insertCalculations(
  trx: Transaction<CalculatorDatabase>,
  calculations: readonly NewCalculation[],
): Promise<Set<string>> {
  const inserted = await trx
    .insertInto('calculations')
    .values(
      calculations.map((calculation) => ({
        id: calculation.id,
        a: calculation.a,
        b: calculation.b,
        sum: calculation.sum,
        idempotency_key: calculation.idempotencyKey,
      })),
    )
    .onConflict((conflict) => conflict.column('idempotency_key').doNothing())
    .returning('id')
    .execute();
  return new Set(inserted.map((row) => row.id));
}

export async function findCalculationsByIdempotencyKey(
  executor: Kysely<CalculatorDatabase>,
  keys: readonly string[],
): Promise<Map<string, StoredCalculation>> {
  if (keys.length === 0) return new Map();
  const rows = await executor
    .selectFrom('calculations')
    .select(['id', 'a', 'b', 'sum', 'idempotency_key'])
    .where('idempotency_key', 'in', keys)
    .execute();
  return new Map(
    rows.map((row) => [
      row.idempotency_key as string,
      { id: row.id, a: row.a, b: row.b, sum: row.sum, idempotencyKey: row.idempotency_key },
    ]),
  );
}

export async function countCalculations(db: Kysely<CalculatorDatabase>): Promise<number> {
  const row = await db
    .selectFrom('calculations')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
