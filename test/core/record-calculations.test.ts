import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createCalculationRecorder,
  type RecordOutcome,
} from '../../src/services/calculator/calculation-recorder.ts';
import { countCalculations } from '../../src/services/calculator/calculation-repository.ts';
import type { CalculatorDatabase } from '../../src/services/calculator/calculator-database.ts';
import {
  CALCULATION_RECORDED_V1,
  calculationRecordedV1,
} from '../../src/services/shared/calculation-recorded-event.ts';
import { asAdmin, migratedDatabase } from './test-database.ts';

let database: Awaited<ReturnType<typeof migratedDatabase<CalculatorDatabase>>>;
const slot = `core_${randomUUID().replaceAll('-', '').slice(0, 12)}`;

beforeAll(async () => {
  database = await migratedDatabase<CalculatorDatabase>('calculator');
});
afterAll(async () => {
  // A replication slot keeps its database from being dropped.
  await asAdmin((admin) => admin.query('select pg_drop_replication_slot($1)', [slot])).catch(() => {});
  await database.drop();
});

/** The admin on the test database: reading the WAL takes a replication right the service's role lacks. */
async function onTestDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = new URL(inject('postgresAdminUrl'));
  url.pathname = `/${database.name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Each transaction Postgres decoded from the WAL since the last look, as test_decoding prints it. */
async function transactionsInWal(): Promise<string[][]> {
  const { rows } = await onTestDatabase((client) =>
    client.query<{ data: string }>('select data from pg_logical_slot_get_changes($1, null, null)', [slot]),
  );
  const transactions: string[][] = [];
  for (const { data } of rows) {
    if (data.startsWith('BEGIN')) transactions.push([]);
    else if (!data.startsWith('COMMIT')) transactions.at(-1)?.push(data);
  }
  return transactions;
}

/** The payloads of the outbox rows a decoded transaction inserted. */
function outboxPayloads(changes: string[]): unknown[] {
  return changes
    .filter((change) => change.startsWith('table public.outbox: INSERT:'))
    .map((change) => {
      const quoted = /payload\[jsonb\]:'((?:[^']|'')*)'/.exec(change)?.[1] ?? '';
      return JSON.parse(quoted.replaceAll("''", "'"));
    });
}

const recorderOptions = {
  maxBatchSize: 64,
  maxConcurrentTransactions: 2,
  lingerMs: 0,
  maxQueuedItems: 100,
  maxQueueWaitMs: 5_000,
};

describe('recording calculations', () => {
  it('writes each calculation and its calculation.recorded.v1 event in one transaction, leaving the outbox empty', async () => {
    await onTestDatabase((client) =>
      client.query("select pg_create_logical_replication_slot($1, 'test_decoding')", [slot]),
    );
    const recorder = createCalculationRecorder(database.db, recorderOptions);
    const requests = Array.from({ length: 20 }, (_, index) => ({
      a: `${index}.5`,
      b: '0.25',
      sum: `${index}.75`,
      idempotencyKey: null,
      traceparent: null,
    }));
    const outcomes = await Promise.all(requests.map((request) => recorder.submit(request)));
    expect(outcomes.every((outcome) => outcome.kind === 'recorded')).toBe(true);

    const transactions = (await transactionsInWal()).filter((changes) =>
      changes.some((change) => change.startsWith('table public.calculations: INSERT:')),
    );
    const written = new Map<string, unknown>();
    for (const changes of transactions) {
      const calculationIds = changes
        .filter((change) => change.startsWith('table public.calculations: INSERT:'))
        .map((change) => /id\[uuid\]:'([^']+)'/.exec(change)?.[1]);
      const events = outboxPayloads(changes).map((payload) => calculationRecordedV1.parse(payload));
      for (const insert of changes.filter((change) => change.startsWith('table public.outbox: INSERT:'))) {
        expect(insert).toMatch(
          new RegExp(`\\btype\\[[^\\]]+\\]:'${CALCULATION_RECORDED_V1.replaceAll('.', '\\.')}'`),
        );
        expect(insert).toMatch(/\baggregatetype\[[^\]]+\]:'calculation'/);
      }
      // The same transaction holds a calculation and its event, and nothing of another transaction's.
      expect(events.map((event) => event.calculationId).sort()).toEqual(calculationIds.sort());
      for (const event of events) written.set(event.calculationId, event);
    }
    for (const [index, outcome] of outcomes.entries()) {
      expect(
        written.get((outcome as Extract<RecordOutcome, { kind: 'recorded' }>).calculationId),
      ).toMatchObject({
        a: requests[index]?.a,
        b: '0.25',
        sum: requests[index]?.sum,
      });
    }
    const outbox = await database.db.selectFrom('outbox').selectAll().execute();
    expect(outbox).toEqual([]);
  });

  it('answers a repeated idempotency key from the first row, refuses it with other operands, and writes no event for either', async () => {
    const recorder = createCalculationRecorder(database.db, recorderOptions);
    const key = `key-${randomUUID()}`;
    const first = await recorder.submit({ a: '1', b: '2', sum: '3', idempotencyKey: key, traceparent: null });
    await transactionsInWal();
    const [replay, conflict] = await Promise.all([
      recorder.submit({ a: '1.0', b: '2.00', sum: '3.00', idempotencyKey: key, traceparent: null }),
      recorder.submit({ a: '1', b: '3', sum: '4', idempotencyKey: key, traceparent: null }),
    ]);
    expect(first.kind).toBe('recorded');
    const calculationId = (first as Extract<RecordOutcome, { kind: 'recorded' }>).calculationId;
    expect(replay).toEqual({ kind: 'replayed', calculationId, sum: '3' });
    expect(conflict).toEqual({ kind: 'idempotency-conflict', calculationId });
    expect((await transactionsInWal()).flatMap(outboxPayloads)).toEqual([]);
  });

  it('stores a key repeated within one batch once, answers the repeat from it, and counts only what it stored', async () => {
    // One transaction at a time: while the first call's runs, the next three queue and share one batch.
    const recorder = createCalculationRecorder(database.db, {
      ...recorderOptions,
      maxConcurrentTransactions: 1,
    });
    const key = `key-${randomUUID()}`;
    await transactionsInWal();
    const first = recorder.submit({ a: '1', b: '1', sum: '2', idempotencyKey: null, traceparent: null });
    const outcomes = await Promise.all([
      recorder.submit({ a: '5', b: '5', sum: '10', idempotencyKey: key, traceparent: null }),
      recorder.submit({ a: '5.0', b: '5', sum: '10.0', idempotencyKey: key, traceparent: null }),
      recorder.submit({
        a: '123456789012345678901234567890.123456789012345678',
        b: '0.000000000000000001',
        sum: '123456789012345678901234567890.123456789012345679',
        idempotencyKey: null,
        traceparent: null,
      }),
    ]);
    expect((await first).kind).toBe('recorded');
    const [stored, repeated, exact] = outcomes;
    expect(stored?.kind).toBe('recorded');
    expect(repeated).toEqual({ kind: 'replayed', calculationId: stored?.calculationId, sum: '10' });
    expect(exact?.kind).toBe('recorded');
    const events = (await transactionsInWal()).flatMap(outboxPayloads);
    expect(events.map((event) => (event as { sum: string }).sum).sort()).toEqual([
      '10',
      '123456789012345678901234567890.123456789012345679',
      '2',
    ]);
    const counted = await countCalculations(database.db);
    const { count } = await database.db
      .selectFrom('calculations')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow();
    expect(counted).toBe(Number(count));
  });
});
