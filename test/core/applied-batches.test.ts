import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/services/shared/database.ts';
import type { DecodedRecord } from '../../src/services/totals/decode-message.ts';
import type { TotalsDatabase } from '../../src/services/totals/totals-database.ts';
import { applyBatch } from '../../src/services/totals/totals-ledger.ts';
import { eventRecord, newEvent } from './kafka-records.ts';
import { migratedDatabase } from './test-database.ts';

let database: Awaited<ReturnType<typeof migratedDatabase<TotalsDatabase>>>;
/** Two totals keepers' sessions, named as the keepers name theirs. */
let keepers: ReturnType<typeof createDatabase<TotalsDatabase>>[];
beforeAll(async () => {
  database = await migratedDatabase<TotalsDatabase>('totals');
  keepers = ['totals host:101', 'totals host:202'].map((applicationName) =>
    createDatabase<TotalsDatabase>({ url: database.url, maxConnections: 2, applicationName }),
  );
});
afterAll(async () => {
  await Promise.all(keepers.map((keeper) => keeper.destroy()));
  await database.drop();
});

const events = (from: number, to: number): DecodedRecord[] =>
  Array.from({ length: to - from }, (_, index) => eventRecord(from + index, newEvent('1')));

const batchOf = (topic: string, records: DecodedRecord[]) => ({
  topic,
  partition: 0,
  firstOffset: records[0]?.offset ?? '0',
  records,
  nextOffset: (BigInt(records.at(-1)?.offset ?? 0) + 1n).toString(),
});

const appliedBatches = (topic: string) =>
  database.db
    .selectFrom('applied_batches')
    .select(['from_offset', 'next_offset', 'applied_by'])
    .where('topic', '=', topic)
    .orderBy('from_offset')
    .execute();

describe('applied_batches: which session applied which offsets of a partition', () => {
  it('two keepers handed the same batch at once (a zombie and its successor): one applies it, once', async () => {
    const topic = `topic-${randomUUID()}`;
    const records = events(0, 50);
    const [first, second] = keepers as [(typeof keepers)[0], (typeof keepers)[0]];
    const outcomes = await Promise.all([
      applyBatch(first, batchOf(topic, records)),
      applyBatch(second, batchOf(topic, records)),
    ]);

    expect(outcomes.map((outcome) => outcome.kind).sort()).toEqual(['applied', 'nothing-new']);
    const rows = await appliedBatches(topic);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ from_offset: '0', next_offset: '50' });
    expect(['totals host:101', 'totals host:202']).toContain(rows[0]?.applied_by);
  });

  it('overlapping batches from two keepers tile the offsets: each record applied by exactly one of them', async () => {
    const topic = `topic-${randomUUID()}`;
    const [first, second] = keepers as [(typeof keepers)[0], (typeof keepers)[0]];
    await applyBatch(first, batchOf(topic, events(0, 10)));
    // The successor fetched from an older committed offset; the zombie still holds a batch past it.
    await Promise.all([
      applyBatch(second, batchOf(topic, events(5, 30))),
      applyBatch(first, batchOf(topic, events(10, 20))),
    ]);
    await applyBatch(second, batchOf(topic, events(25, 40)));

    const rows = await appliedBatches(topic);
    expect(rows[0]).toEqual({ from_offset: '0', next_offset: '10', applied_by: 'totals host:101' });
    for (const [index, row] of rows.entries())
      if (index > 0) expect(row.from_offset).toBe(rows[index - 1]?.next_offset);
    expect(rows.at(-1)?.next_offset).toBe('40');
    const applied = await database.db
      .selectFrom('applied_events')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('topic', '=', topic)
      .executeTakeFirstOrThrow();
    expect(Number(applied.count)).toBe(40);
  });
});
