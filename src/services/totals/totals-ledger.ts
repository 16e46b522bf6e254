import { type Kysely, sql, type Transaction } from 'kysely';
import type { DecodedRecord } from './decode-message.ts';
import { headersAsText } from './kafka-headers.ts';
import type { TotalsDatabase } from './totals-database.ts';

export interface PartitionBatch {
  topic: string;
  partition: number;
  records: readonly DecodedRecord[];
  nextOffset: string;
}

export interface AppliedBatch {
  /** Ids of the events this batch added; the others were in the ledger already. */
  appliedEventIds: Set<string>;
  appliedEvents: number;
  duplicateEvents: number;
  deadLettered: number;
}

// Postgres allows 65,535 bind parameters per statement; six per row keeps a chunk well under it.
const ROWS_PER_STATEMENT = 2_000;

/** The offset the totals keeper resumes from for a partition, locked until the transaction ends. */
export async function lockStoredOffset(
  trx: Transaction<TotalsDatabase>,
  topic: string,
  partition: number,
): Promise<bigint | undefined> {
  const row = await trx
    .selectFrom('consumer_offsets')
    .select('next_offset')
    .where('topic', '=', topic)
    .where('partition', '=', partition)
    .forUpdate()
    .executeTakeFirst();
  return row ? BigInt(row.next_offset) : undefined;
}

export async function readStoredOffsets(
  db: Kysely<TotalsDatabase>,
  topic: string,
): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom('consumer_offsets')
    .select(['partition', 'next_offset'])
    .where('topic', '=', topic)
    .execute();
  return new Map(rows.map((row) => [row.partition, row.next_offset]));
}

/**
 * Applies one partition's batch: each new event once into the ledger and the running total, each
 * undecodable record into the dead letters, and the next offset, all in the caller's transaction.
 */
export async function applyBatch(
  trx: Transaction<TotalsDatabase>,
  batch: PartitionBatch,
): Promise<AppliedBatch> {
  const events = batch.records.flatMap((record) => (record.kind === 'event' ? [record] : []));
  const appliedEventIds = new Set<string>();
  for (let start = 0; start < events.length; start += ROWS_PER_STATEMENT) {
    const chunk = events.slice(start, start + ROWS_PER_STATEMENT);
    const result = await trx
      .with('inserted', (db) =>
        db
          .insertInto('applied_events')
          .values(
            chunk.map(({ event, offset }) => ({
              event_id: event.id,
              calculation_id: event.calculationId,
              sum: event.sum,
              topic: batch.topic,
              partition: batch.partition,
              offset,
            })),
          )
          .onConflict((conflict) => conflict.column('event_id').doNothing())
          .returning(['event_id', 'sum']),
      )
      .updateTable('running_total')
      .set({
        total: sql`total + (select coalesce(sum(sum), 0) from inserted)`,
        event_count: sql`event_count + (select count(*) from inserted)`,
        last_applied_at: sql`case when exists (select 1 from inserted) then now() else last_applied_at end`,
      })
      .where('id', '=', 1)
      .returning(
        sql<string[]>`(select coalesce(json_agg(event_id), '[]'::json) from inserted)`.as('inserted'),
      )
      .executeTakeFirstOrThrow();
    for (const eventId of result.inserted) appliedEventIds.add(eventId);
  }

  const deadLetters = batch.records.flatMap((record) => (record.kind === 'dead-letter' ? [record] : []));
  if (deadLetters.length > 0) {
    await trx
      .insertInto('dead_letters')
      .values(
        deadLetters.map(({ message, offset, reason }) => ({
          topic: batch.topic,
          partition: batch.partition,
          offset,
          key: message.key,
          value: message.value,
          headers: JSON.stringify(headersAsText(message)),
          reason,
        })),
      )
      .onConflict((conflict) => conflict.columns(['topic', 'partition', 'offset']).doNothing())
      .execute();
  }

  await trx
    .insertInto('consumer_offsets')
    .values({ topic: batch.topic, partition: batch.partition, next_offset: batch.nextOffset })
    .onConflict((conflict) =>
      conflict
        .columns(['topic', 'partition'])
        .doUpdateSet({ next_offset: batch.nextOffset, updated_at: sql`now()` }),
    )
    .execute();

  return {
    appliedEventIds,
    appliedEvents: appliedEventIds.size,
    duplicateEvents: events.length - appliedEventIds.size,
    deadLettered: deadLetters.length,
  };
}

export interface RunningTotal {
  total: string;
  eventCount: string;
  lastAppliedAt: Date | null;
  deadLetterCount: string;
}

export async function readRunningTotal(db: Kysely<TotalsDatabase>): Promise<RunningTotal> {
  const row = await db
    .selectFrom('running_total')
    .select([
      sql<string>`trim_scale(total)::text`.as('total'),
      'event_count',
      'last_applied_at',
      (eb) =>
        eb.selectFrom('dead_letters').select(eb.fn.countAll<string>().as('count')).as('dead_letter_count'),
    ])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return {
    total: row.total,
    eventCount: row.event_count,
    lastAppliedAt: row.last_applied_at,
    deadLetterCount: row.dead_letter_count ?? '0',
  };
}
