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
 * the transaction the calculator does (`record_calculations`: insert the calculations, insert and delete
 * their outbox rows, in one statement) with the same batching of concurrent adds into shared transactions.
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
  try {
    const occurredAt = new Date().toISOString();
    const rows = batch.map((add) => {
      const id = randomUUID();
      const eventId = randomUUID();
      return {
        id,
        a: add.a,
        b: add.b,
        sum: add.sum,
        idempotency_key: add.key,
        event_id: eventId,
        aggregatetype: CALCULATION_AGGREGATE,
        type: CALCULATION_RECORDED_V1,
        payload: { id: eventId, occurredAt, calculationId: id, a: add.a, b: add.b, sum: add.sum },
        traceparent: null,
      };
    });
    await pool.query('select * from record_calculations($1::jsonb)', [JSON.stringify(rows)]);
    for (const add of batch) add.done();
  } catch (error) {
    for (const add of batch) add.done(error as Error);
  }
}
