import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecodedRecord } from '../../src/services/totals/decode-message.ts';
import type { TotalsDatabase } from '../../src/services/totals/totals-database.ts';
import { applyBatch, readRunningTotal, readStoredOffsets } from '../../src/services/totals/totals-ledger.ts';
import { eventRecord, newEvent, poisonRecord } from './kafka-records.ts';
import { migratedDatabase } from './test-database.ts';

let database: Awaited<ReturnType<typeof migratedDatabase<TotalsDatabase>>>;
beforeAll(async () => {
  database = await migratedDatabase<TotalsDatabase>('totals');
});
afterAll(async () => {
  await database.drop();
});

/** Each test on a topic of its own, so stored offsets never leak from one to another. */
const newTopic = () => `topic-${randomUUID()}`;

const applyTo = (topic: string, records: DecodedRecord[], firstOffset = records[0]?.offset ?? '0') =>
  applyBatch(database.db, {
    topic,
    partition: 0,
    firstOffset,
    records,
    nextOffset: (BigInt(records.at(-1)?.offset ?? firstOffset) + 1n).toString(),
  });

async function ledgerRows(topic: string) {
  return database.db
    .selectFrom('applied_events')
    .select(['event_id', sql<string>`sum::text`.as('sum'), 'offset'])
    .where('topic', '=', topic)
    .orderBy('offset')
    .execute();
}

describe('the one-statement batch (apply_partition_batch)', () => {
  it('reports a batch that starts past the stored offset as a gap and applies nothing of it', async () => {
    const topic = newTopic();
    await applyTo(topic, [eventRecord(0, newEvent('1'))]);
    const before = await readRunningTotal(database.db);

    const outcome = await applyTo(topic, [eventRecord(5, newEvent('2')), poisonRecord(6)]);

    expect(outcome).toEqual({ kind: 'gap', storedOffset: 1n, firstOffset: 5n });
    expect(await ledgerRows(topic)).toHaveLength(1);
    expect(await readRunningTotal(database.db)).toEqual(before);
    expect(await readStoredOffsets(database.db, topic)).toEqual(new Map([[0, '1']]));
  });

  it('reports a gap on a partition with nothing stored when the batch does not start at 0', async () => {
    const topic = newTopic();
    const outcome = await applyTo(topic, [eventRecord(3, newEvent('2'))]);
    expect(outcome).toEqual({ kind: 'gap', storedOffset: 0n, firstOffset: 3n });
    // The row the batch locked stays, saying what was true before: nothing applied, read from 0.
    expect(await readStoredOffsets(database.db, topic)).toEqual(new Map([[0, '0']]));
  });

  it('sets aside the records below the stored offset and applies the rest', async () => {
    const topic = newTopic();
    const [zero, one, two, three] = [newEvent('1'), newEvent('10'), newEvent('100'), newEvent('1000')];
    await applyTo(topic, [eventRecord(0, zero), eventRecord(1, one)]);
    const before = await readRunningTotal(database.db);

    const overlapping = [
      eventRecord(0, zero),
      eventRecord(1, one),
      eventRecord(2, two),
      eventRecord(3, three),
    ];
    const outcome = await applyTo(topic, overlapping);

    expect(outcome).toMatchObject({
      kind: 'applied',
      storedOffset: 2n,
      appliedEvents: 2,
      duplicateEvents: 0,
    });
    if (outcome.kind !== 'applied') return;
    expect(outcome.fresh.map((record) => record.offset)).toEqual(['2', '3']);
    expect([...outcome.appliedEventIds].sort()).toEqual([two.id, three.id].sort());
    expect((await ledgerRows(topic)).map((row) => row.offset)).toEqual(['0', '1', '2', '3']);
    const after = await readRunningTotal(database.db);
    expect(Number(after.eventCount) - Number(before.eventCount)).toBe(2);
    expect(await readStoredOffsets(database.db, topic)).toEqual(new Map([[0, '4']]));
  });

  it('changes nothing when every record is below the stored offset', async () => {
    const topic = newTopic();
    const event = newEvent('3');
    await applyTo(topic, [eventRecord(0, event), eventRecord(1, newEvent('4'))]);
    const before = await readRunningTotal(database.db);

    expect(await applyTo(topic, [eventRecord(0, event)])).toEqual({ kind: 'nothing-new', storedOffset: 2n });
    expect(await readRunningTotal(database.db)).toEqual(before);
    expect(await readStoredOffsets(database.db, topic)).toEqual(new Map([[0, '2']]));
  });

  it('adds an event once however often it comes, in one batch and across batches', async () => {
    const topic = newTopic();
    const twice = newEvent('7');
    const before = await readRunningTotal(database.db);

    const first = await applyTo(topic, [eventRecord(0, twice), eventRecord(1, twice)]);
    const again = await applyTo(topic, [eventRecord(2, twice)]);

    expect(first).toMatchObject({ kind: 'applied', appliedEvents: 1, duplicateEvents: 1 });
    expect(again).toMatchObject({ kind: 'applied', appliedEvents: 0, duplicateEvents: 1 });
    expect(await ledgerRows(topic)).toEqual([{ event_id: twice.id, sum: '7', offset: '0' }]);
    const after = await readRunningTotal(database.db);
    expect(Number(after.eventCount) - Number(before.eventCount)).toBe(1);
    expect(await readStoredOffsets(database.db, topic)).toEqual(new Map([[0, '3']]));
  });

  it('keeps each dead letter once, with its key, value, headers and reason', async () => {
    const topic = newTopic();
    const poison = poisonRecord(0);
    const outcome = await applyTo(topic, [poison, eventRecord(1, newEvent('1'))]);
    expect(outcome).toMatchObject({ kind: 'applied', deadLettered: 1, appliedEvents: 1 });
    // Fetched again from the same offset, as after a failed commit in Kafka.
    await applyBatch(database.db, {
      topic,
      partition: 0,
      firstOffset: '0',
      records: [poison],
      nextOffset: '1',
    });

    const rows = await database.db
      .selectFrom('dead_letters')
      .selectAll()
      .where('topic', '=', topic)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      offset: '0',
      key: poison.message.key,
      value: Buffer.from('not json'),
      headers: {
        id: [poison.message.headers?.id?.toString()],
        eventType: [poison.message.headers?.eventType?.toString()],
      },
      reason: poison.kind === 'dead-letter' ? poison.reason : 'not a dead letter',
    });
  });

  it('adds sums exactly, however many digits they have', async () => {
    const topic = newTopic();
    const { total: before } = await readRunningTotal(database.db);
    // The widest sums the event allows (31 digits, 18 decimals): a float would lose most of them.
    const huge = '9999999999999999999999999999999.999999999999999999';
    const tiny = '-0.000000000000000001';
    await applyTo(topic, [eventRecord(0, newEvent(huge)), eventRecord(1, newEvent(tiny))]);

    expect((await ledgerRows(topic)).map((row) => row.sum)).toEqual([huge, tiny]);
    const { rows } = await sql<{ difference: string }>`
      select trim_scale(${(await readRunningTotal(database.db)).total}::numeric - ${before}::numeric)::text
        as difference`.execute(database.db);
    expect(rows[0]?.difference).toBe('9999999999999999999999999999999.999999999999999998');
  });
});
