import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  CALCULATION_AGGREGATE,
  CALCULATION_RECORDED_V1,
} from '../../services/shared/calculation-recorded-event.ts';
import { addDecimals } from '../../services/shared/exact-decimal.ts';
import { awkwardDecimals } from '../load/awkward-decimals.ts';
import { type ClosedLoopResult, runClosedLoop } from './closed-loop.ts';

interface QueuedAdd {
  a: string;
  b: string;
  sum: string;
  key: string;
  done: (error?: Error) => void;
}

/**
 * The ceiling for the calculator's durable Add: the raw pg driver, no gRPC and no query builder, doing
 * the transaction the calculator does (insert the calculations, insert and delete their outbox rows)
 * with the same batching of concurrent adds into shared transactions.
 */
export async function measureRawDriverAdds(options: {
  url: string;
  inFlight: number;
  warmupMs: number;
  durationMs: number;
  maxBatchSize: number;
  maxConcurrentTransactions: number;
}): Promise<ClosedLoopResult> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.maxConcurrentTransactions + 1 });
  const queue: QueuedAdd[] = [];
  let transactionsInFlight = 0;
  const run = randomUUID();
  const nextOperand = awkwardDecimals(7);

  const startTransactions = () => {
    while (queue.length > 0 && transactionsInFlight < options.maxConcurrentTransactions) {
      const batch = queue.splice(0, options.maxBatchSize);
      transactionsInFlight += 1;
      void writeBatch(pool, batch).finally(() => {
        transactionsInFlight -= 1;
        startTransactions();
      });
    }
  };

  try {
    return await runClosedLoop({
      inFlight: options.inFlight,
      warmupMs: options.warmupMs,
      durationMs: options.durationMs,
      operation: (worker, sequence) =>
        new Promise<void>((resolve, reject) => {
          const a = nextOperand();
          const b = nextOperand();
          queue.push({
            a,
            b,
            sum: addDecimals(a, b),
            key: `raw-${run}-${worker}-${sequence}`,
            done: (error) => (error ? reject(error) : resolve()),
          });
          startTransactions();
        }),
    });
  } finally {
    await pool.end();
  }
}

async function writeBatch(pool: pg.Pool, batch: QueuedAdd[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const ids: string[] = batch.map(() => randomUUID());
    const addById = new Map(ids.map((id, index) => [id, batch[index] as QueuedAdd]));
    const inserted = await client.query<{ id: string }>(
      `insert into calculations (id, a, b, sum, idempotency_key) values ${placeholders(batch.length, 5)}
       on conflict (idempotency_key) do nothing returning id`,
      batch.flatMap((add, index) => [ids[index], add.a, add.b, add.sum, add.key]),
    );
    const occurredAt = new Date().toISOString();
    const eventIds = inserted.rows.map(() => randomUUID());
    const rows = inserted.rows.map((row, index) => {
      const add = addById.get(row.id) as QueuedAdd;
      const payload = {
        id: eventIds[index],
        occurredAt,
        calculationId: row.id,
        a: add.a,
        b: add.b,
        sum: add.sum,
      };
      return [
        eventIds[index],
        CALCULATION_AGGREGATE,
        row.id,
        CALCULATION_RECORDED_V1,
        JSON.stringify(payload),
        null,
      ];
    });
    if (rows.length > 0) {
      await client.query(
        `insert into outbox (id, aggregatetype, aggregateid, type, payload, traceparent) values ${placeholders(rows.length, 6)}`,
        rows.flat(),
      );
      await client.query(
        `delete from outbox where id in (${eventIds.map((_, i) => `$${i + 1}`).join(', ')})`,
        eventIds,
      );
    }
    await client.query('commit');
    for (const add of batch) add.done();
  } catch (error) {
    await client.query('rollback').catch(() => {});
    for (const add of batch) add.done(error as Error);
  } finally {
    client.release();
  }
}

function placeholders(rows: number, columns: number): string {
  return Array.from(
    { length: rows },
    (_, row) =>
      `(${Array.from({ length: columns }, (_, column) => `$${row * columns + column + 1}`).join(', ')})`,
  ).join(', ');
}
