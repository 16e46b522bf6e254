import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

type Records = Parameters<typeof applyBatch>[1]['records'];

/** A batch as Kafka hands it over, starting at its first record, expected to be applied. */
async function apply(partition: number, records: Records, nextOffset: string, executor = database.db) {
  const firstOffset = records[0]?.offset ?? nextOffset;
  const outcome = await applyBatch(executor, { topic: 't', partition, firstOffset, records, nextOffset });
  if (outcome.kind !== 'applied') throw new Error(`expected the batch applied, got ${outcome.kind}`);
  return outcome;
}

describe('applying a partition batch to the ledger', () => {
  it('adds each new event once, dead-letters what it cannot read, and stores the next offset, in one transaction', async () => {
    const first = newEvent('1.10');
    const second = newEvent('-0.35');
    const applied = await apply(0, [eventRecord(0, first), poisonRecord(1), eventRecord(2, second)], '3');

    expect(applied).toMatchObject({ appliedEvents: 2, duplicateEvents: 0, deadLettered: 1 });
    expect([...applied.appliedEventIds].sort()).toEqual([first.id, second.id].sort());
    expect(await readRunningTotal(database.db)).toMatchObject({
      total: '0.75',
      eventCount: '2',
      deadLetterCount: '1',
    });
    expect(await readStoredOffsets(database.db, 't')).toEqual(new Map([[0, '3']]));
  });

  it('skips an event it has applied before, in the same batch or a later one, on any partition', async () => {
    const again = newEvent('5');
    const fresh = newEvent('2');
    const applied = await apply(
      1,
      [eventRecord(0, again), eventRecord(1, again), eventRecord(2, fresh)],
      '3',
    );
    expect(applied).toMatchObject({ appliedEvents: 2, duplicateEvents: 1 });
    // Partition 2 had its records up to 6 applied before (all else on it is beyond these tests).
    await database.db
      .insertInto('consumer_offsets')
      .values({ topic: 't', partition: 2, next_offset: '7' })
      .execute();
    const redelivered = await apply(2, [eventRecord(7, again), eventRecord(8, fresh)], '9');
    expect(redelivered).toMatchObject({ appliedEvents: 0, duplicateEvents: 2, deadLettered: 0 });

    expect(await readRunningTotal(database.db)).toMatchObject({ total: '7.75', eventCount: '4' });
    expect(await readStoredOffsets(database.db, 't')).toEqual(
      new Map([
        [0, '3'],
        [1, '3'],
        [2, '9'],
      ]),
    );
  });

  it('leaves nothing behind when the transaction fails', async () => {
    const lost = newEvent('100');
    await expect(
      database.db.transaction().execute(async (trx) => {
        await apply(0, [eventRecord(3, lost)], '4', trx);
        throw new Error('the commit never happens');
      }),
    ).rejects.toThrow('the commit never happens');
    expect(await readRunningTotal(database.db)).toMatchObject({ total: '7.75', eventCount: '4' });
    expect((await readStoredOffsets(database.db, 't')).get(0)).toBe('3');
  });
});
