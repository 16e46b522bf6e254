import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the totals database (see migrations/totals). */
export interface TotalsDatabase {
  applied_events: AppliedEventsTable;
  running_total: RunningTotalTable;
  consumer_offsets: ConsumerOffsetsTable;
  dead_letters: DeadLettersTable;
  applied_batches: AppliedBatchesTable;
}

/** One move of a partition's stored offset: the records [from_offset, next_offset) and who applied them. */
export interface AppliedBatchesTable {
  topic: string;
  partition: number;
  from_offset: string;
  next_offset: string;
  /** The application_name of the session that applied them: `totals <host>:<pid>` for a keeper. */
  applied_by: string;
  applied_at: Generated<Date>;
}

export interface AppliedEventsTable {
  event_id: string;
  calculation_id: string;
  sum: string;
  topic: string;
  partition: number;
  offset: string;
  applied_at: Generated<Date>;
}

export interface RunningTotalTable {
  id: number;
  total: string;
  event_count: string;
  last_applied_at: Date | null;
}

export interface ConsumerOffsetsTable {
  topic: string;
  partition: number;
  next_offset: string;
  updated_at: Generated<Date>;
}

export interface DeadLettersTable {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: ColumnType<unknown, string, string>;
  reason: string;
  received_at: Generated<Date>;
}
