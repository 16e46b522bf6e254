import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  CALCULATION_AGGREGATE,
  CALCULATION_RECORDED_V1,
  calculationRecorded,
} from '../shared/calculation-recorded-event.ts';
import { decimalsEqual } from '../shared/exact-decimal.ts';
import { type CalculationWithEvent, recordCalculations } from './calculation-repository.ts';
import type { CalculatorDatabase } from './calculator-database.ts';
import { calculatorMetrics } from './calculator-metrics.ts';
import { QueueFullError, QueueStalledError, TransactionBatcher } from './transaction-batcher.ts';

export interface CalculationToRecord {
  a: string;
  b: string;
  sum: string;
  idempotencyKey: string | null;
  traceparent: string | null;
}

export type RecordOutcome =
  | { kind: 'recorded'; calculationId: string; sum: string }
  | { kind: 'replayed'; calculationId: string; sum: string }
  | { kind: 'idempotency-conflict'; calculationId: string };

export interface RecorderOptions {
  maxBatchSize: number;
  maxConcurrentTransactions: number;
  lingerMs: number;
  maxQueuedItems: number;
  maxQueueWaitMs: number;
}

/**
 * Why a calculation was refused before any transaction: too many already wait, or the database has kept
 * callers waiting too long. Either way nothing was written, and the same call may be retried later. The
 * values are the `reason` label of `calculator.requests.shed`.
 */
export type RefusalReason = 'queue_full' | 'database_stalled';

export class RecordingRefused extends Error {
  readonly reason: RefusalReason;

  constructor(reason: RefusalReason, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RecordingRefused';
    this.reason = reason;
  }
}

/**
 * What the recorder promises its callers. `submit` resolves once the calculation's transaction has
 * committed, with one of the outcomes; it rejects with `RecordingRefused` when the calculation was turned
 * away before any transaction, with the signal's reason when the caller gave up first, and otherwise with
 * the database's own error (see `isDatabaseUnavailable`).
 */
export interface CalculationRecorder {
  submit(calculation: CalculationToRecord, signal?: AbortSignal): Promise<RecordOutcome>;
  /** Resolves once nothing is queued or in flight (used on shutdown). */
  whenIdle(): Promise<void>;
}

/**
 * Records calculations and their `calculation.recorded.v1` events: both in one transaction, shared by
 * whichever requests arrived together.
 */
export function createCalculationRecorder(
  db: Kysely<CalculatorDatabase>,
  options: RecorderOptions,
): CalculationRecorder {
  const batcher = new TransactionBatcher<CalculatorDatabase, CalculationToRecord, RecordOutcome>({
    db,
    handleBatch: recordBatch,
    onCommitted: countCommitted,
    ...options,
  });
  return {
    submit: (calculation, signal) => batcher.submit(calculation, signal).catch(asRefusal),
    whenIdle: () => batcher.whenIdle(),
  };
}

/** The batcher's refusals in the recorder's own terms; any other error passes through as it is. */
function asRefusal(error: unknown): never {
  if (error instanceof QueueFullError)
    throw new RecordingRefused('queue_full', error.message, { cause: error });
  if (error instanceof QueueStalledError)
    throw new RecordingRefused('database_stalled', error.message, { cause: error });
  throw error;
}

function countCommitted(items: readonly CalculationToRecord[], outcomes: readonly RecordOutcome[]): void {
  calculatorMetrics.transactionBatchSize.record(items.length);
  const recorded = outcomes.filter((outcome) => outcome.kind === 'recorded').length;
  const replayed = outcomes.filter((outcome) => outcome.kind === 'replayed').length;
  if (recorded > 0) calculatorMetrics.calculationsCommitted.add(recorded);
  if (replayed > 0) calculatorMetrics.idempotentReplays.add(replayed);
}

async function recordBatch(
  db: Kysely<CalculatorDatabase>,
  items: readonly CalculationToRecord[],
): Promise<RecordOutcome[]> {
  const occurredAt = new Date();
  const calculations: CalculationWithEvent[] = items.map((item) => {
    const calculation = { id: randomUUID(), a: item.a, b: item.b, sum: item.sum };
    const event = calculationRecorded(calculation, occurredAt);
    return {
      ...calculation,
      idempotencyKey: item.idempotencyKey,
      event: {
        id: event.id,
        aggregateType: CALCULATION_AGGREGATE,
        type: CALCULATION_RECORDED_V1,
        payload: event,
        traceparent: item.traceparent,
      },
    };
  });
  const stored = await recordCalculations(db, calculations);
  return calculations.map((calculation): RecordOutcome => {
    const row = stored.get(calculation.id);
    if (!row) throw new Error(`the database answered nothing for calculation ${calculation.id}`);
    if (row.storedNow) return { kind: 'recorded', calculationId: calculation.id, sum: calculation.sum };
    // A key that was already taken (earlier, or by another item of this batch) is answered from its row.
    const first = row.earlier;
    if (!first) throw new Error(`idempotency key conflict without a stored row for ${calculation.id}`);
    const sameOperands = decimalsEqual(first.a, calculation.a) && decimalsEqual(first.b, calculation.b);
    return sameOperands
      ? { kind: 'replayed', calculationId: first.id, sum: first.sum }
      : { kind: 'idempotency-conflict', calculationId: first.id };
  });
}
