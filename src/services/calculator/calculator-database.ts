import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the calculator database (see migrations/calculator). */
export interface CalculatorDatabase {
  calculations: CalculationsTable;
  outbox: OutboxTable;
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
