import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the totals database (see migrations/totals). */
export interface TotalsDatabase {
  applied_events: AppliedEventsTable;
  running_total: RunningTotalTable;
  consumer_offsets: ConsumerOffsetsTable;
  dead_letters: DeadLettersTable;
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
