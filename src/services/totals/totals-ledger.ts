import { type Kysely, sql } from 'kysely';
import type { DecodedRecord } from './decode-message.ts';
import { headersAsText } from './kafka-headers.ts';
import type { TotalsDatabase } from './totals-database.ts';

export interface PartitionBatch {
  topic: string;
  partition: number;
  /** The offset of the first record Kafka handed over, which decides whether records are missing. */
  firstOffset: string;
  /** Every record of the batch, decoded; those below the stored offset are set aside by the database. */
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

export type BatchOutcome =
  /** The batch starts past the stored offset: nothing was applied. */
  | { kind: 'gap'; storedOffset: bigint; firstOffset: bigint }
  /** Every record was below the stored offset, applied by an earlier batch. */
  | { kind: 'nothing-new'; storedOffset: bigint }
  | (AppliedBatch & {
      kind: 'applied';
      storedOffset: bigint;
      /** The records at or past the stored offset, the ones this batch dealt with. */
      fresh: readonly DecodedRecord[];
    });

interface ApplyPartitionBatchRow {
  outcome: 'gap' | 'nothing-new' | 'applied';
  stored_offset: string;
  duplicate_event_ids: string[];
}

/**
 * Applies one partition's batch with one statement (`apply_partition_batch`, migrations/totals/0002):
 * checks it against the stored offset, which it locks; adds each new event once to the ledger and the
 * running total, each undecodable record to the dead letters, and stores the next offset. One round trip
 * rather than a transaction of five, as the per-batch round trips were most of the keeper's CPU. Given a
 * transaction it runs in it; given the database it is a transaction of its own.
 */
export async function applyBatch(
  executor: Kysely<TotalsDatabase>,
  batch: PartitionBatch,
): Promise<BatchOutcome> {
  const events = [];
  const deadLetters = [];
  for (const record of batch.records) {
    if (record.kind === 'event') {
      const { offset, event } = record;
      events.push({ offset, event_id: event.id, calculation_id: event.calculationId, sum: event.sum });
    } else {
      const { offset, message, reason } = record;
      deadLetters.push({
        offset,
        key: message.key?.toString('base64') ?? null,
        value: message.value?.toString('base64') ?? null,
        headers: headersAsText(message),
        reason,
      });
    }
  }
  const { rows } = await sql<ApplyPartitionBatchRow>`
    select * from apply_partition_batch(
      ${batch.topic}, ${batch.partition}, ${batch.firstOffset}, ${batch.nextOffset},
      ${JSON.stringify(events)}::jsonb, ${JSON.stringify(deadLetters)}::jsonb
    )`.execute(executor);
  const [row] = rows;
  if (!row) throw new Error('apply_partition_batch returned no row');
  const storedOffset = BigInt(row.stored_offset);
  if (row.outcome === 'gap') return { kind: 'gap', storedOffset, firstOffset: BigInt(batch.firstOffset) };
  if (row.outcome === 'nothing-new') return { kind: 'nothing-new', storedOffset };

  const fresh = batch.records.filter((record) => BigInt(record.offset) >= storedOffset);
  // Postgres spells uuids in lower case.
  const duplicates = new Set(row.duplicate_event_ids);
  const appliedEventIds = new Set<string>();
  let freshEvents = 0;
  for (const record of fresh) {
    if (record.kind !== 'event') continue;
    freshEvents += 1;
    if (!duplicates.has(record.event.id.toLowerCase())) appliedEventIds.add(record.event.id);
  }
  return {
    kind: 'applied',
    storedOffset,
    fresh,
    appliedEventIds,
    appliedEvents: appliedEventIds.size,
    duplicateEvents: freshEvents - appliedEventIds.size,
    deadLettered: fresh.length - freshEvents,
  };
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
