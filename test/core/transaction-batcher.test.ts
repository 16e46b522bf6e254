import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalculatorDatabase } from '../../src/services/calculator/calculator-database.ts';
import {
  QueueFullError,
  QueueStalledError,
  TransactionBatcher,
} from '../../src/services/calculator/transaction-batcher.ts';
import { migratedDatabase } from './test-database.ts';

let database: Awaited<ReturnType<typeof migratedDatabase<CalculatorDatabase>>>;
beforeAll(async () => {
  database = await migratedDatabase<CalculatorDatabase>('calculator');
});
afterAll(async () => {
  await database.drop();
});

/** A batcher whose transactions wait for `release()` and record the batches they were given. */
function gatedBatcher(options: {
  maxBatchSize?: number;
  maxQueuedItems?: number;
  maxQueueWaitMs?: number;
  lingerMs?: number;
}) {
  const batches: number[][] = [];
  let open: () => void = () => {};
  let gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const batcher = new TransactionBatcher<CalculatorDatabase, number, string>({
    db: database.db,
    handleBatch: async (db: Kysely<CalculatorDatabase>, items) => {
      batches.push([...items]);
      await sql`select 1`.execute(db);
      await gate;
      return items.map((item) => `done ${item}`);
    },
    maxBatchSize: options.maxBatchSize ?? 100,
    maxConcurrentTransactions: 1,
    lingerMs: options.lingerMs ?? 0,
    maxQueuedItems: options.maxQueuedItems ?? 100,
    maxQueueWaitMs: options.maxQueueWaitMs ?? 60_000,
  });
  return {
    batcher,
    batches,
    release: () => {
      open();
      gate = Promise.resolve();
    },
  };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the transaction batcher', () => {
  it('shares a transaction among the requests that queued while one was running, up to the batch size', async () => {
    const { batcher, batches, release } = gatedBatcher({ maxBatchSize: 3 });
    const answers = [1, 2, 3, 4, 5].map((item) => batcher.submit(item));
    await wait(50);
    release();
    expect(await Promise.all(answers)).toEqual(['done 1', 'done 2', 'done 3', 'done 4', 'done 5']);
    expect(batches).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('refuses at once a request past the queue limit, and serves the queued ones', async () => {
    const { batcher, release } = gatedBatcher({ maxQueuedItems: 2 });
    const running = batcher.submit(1);
    await wait(20);
    const queued = [batcher.submit(2), batcher.submit(3)];
    await expect(batcher.submit(4)).rejects.toBeInstanceOf(QueueFullError);
    release();
    expect(await Promise.all([running, ...queued])).toEqual(['done 1', 'done 2', 'done 3']);
  });

  it('sheds new requests once the database has kept callers waiting past the limit, and takes them again after', async () => {
    const { batcher, release } = gatedBatcher({ maxQueueWaitMs: 100 });
    const running = batcher.submit(1);
    await wait(20);
    const queued = batcher.submit(2);
    await wait(150);
    await expect(batcher.submit(4)).rejects.toBeInstanceOf(QueueStalledError);
    release();
    expect(await Promise.all([running, queued])).toEqual(['done 1', 'done 2']);
    expect(await batcher.submit(5)).toBe('done 5');
  });

  it('writes nothing for a caller who gave up while queued', async () => {
    const { batcher, batches, release } = gatedBatcher({});
    const running = batcher.submit(1);
    await wait(20);
    const giveUp = new AbortController();
    const abandoned = batcher.submit(2, giveUp.signal);
    const kept = batcher.submit(3);
    giveUp.abort(new Error('caller gave up'));
    await expect(abandoned).rejects.toThrow('caller gave up');
    release();
    expect(await Promise.all([running, kept])).toEqual(['done 1', 'done 3']);
    expect(batches).toEqual([[1], [3]]);
    await batcher.whenIdle();
  });

  it('lets the first of few requests wait up to the linger for others to join, and starts a full batch at once', async () => {
    const { batcher, batches, release } = gatedBatcher({ maxBatchSize: 3, lingerMs: 150 });
    release();
    const startedAt = performance.now();
    const first = batcher.submit(1);
    await wait(20);
    const second = batcher.submit(2);
    expect(await Promise.all([first, second])).toEqual(['done 1', 'done 2']);
    // Both shared one transaction, which started only once the first had waited the linger out.
    expect(batches).toEqual([[1, 2]]);
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(145);

    const fullAt = performance.now();
    expect(await Promise.all([3, 4, 5].map((item) => batcher.submit(item)))).toEqual([
      'done 3',
      'done 4',
      'done 5',
    ]);
    expect(batches).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
    expect(performance.now() - fullAt).toBeLessThan(145);
  });
});
