import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the calculator database (see migrations/calculator). */
export interface CalculatorDatabase {
  calculations: CalculationsTable;
  outbox: OutboxTable;
  calculation_counts: CalculationCountsTable;
}

/** How many calculations are stored, in slots that concurrent writers add to apart (migration 0002). */
export interface CalculationCountsTable {
  slot: number;
  stored: string;
}

export interface CalculationsTable {
  id: string;
  a: string;
  b: string;
  sum: string;
  idempotency_key: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface OutboxTable {
  id: string;
  aggregatetype: string;
  aggregateid: string;
  type: string;
  payload: unknown;
  traceparent: string | null;
  occurred_at: Generated<Date>;
}
