import { metrics } from '@opentelemetry/api';
import { MeterProvider, MetricReader, type SumMetricData } from '@opentelemetry/sdk-metrics';
import { AbortError } from 'abort-controller-x';
import { ServerError, Status } from 'nice-grpc';
import { beforeAll, describe, expect, it } from 'vitest';

class CollectOnDemand extends MetricReader {
  protected override onForceFlush = async () => {};
  protected override onShutdown = async () => {};
}

const reader = new CollectOnDemand();
let toAddCallError: typeof import('../../src/services/calculator/add-call-errors.ts').toAddCallError;
let RecordingRefused: typeof import('../../src/services/calculator/calculation-recorder.ts').RecordingRefused;

beforeAll(async () => {
  // The calculator's instruments are made when their module is imported: the meter provider goes first.
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  ({ toAddCallError } = await import('../../src/services/calculator/add-call-errors.ts'));
  ({ RecordingRefused } = await import('../../src/services/calculator/calculation-recorder.ts'));
});

async function shedCounts(): Promise<Record<string, number>> {
  const { resourceMetrics } = await reader.collect();
  const shed = resourceMetrics.scopeMetrics
    .flatMap((scope) => scope.metrics)
    .find((metric) => metric.descriptor.name === 'calculator.requests.shed') as SumMetricData | undefined;
  return Object.fromEntries(
    (shed?.dataPoints ?? []).map((point) => [String(point.attributes.reason), point.value]),
  );
}

/** The error the caller gets, and how each shed reason's counter moved meanwhile. */
async function mapped(error: unknown, callAborted = false) {
  const before = await shedCounts();
  const result = toAddCallError(error, callAborted);
  const after = await shedCounts();
  const moved = Object.fromEntries(
    Object.entries(after)
      .map(([reason, count]) => [reason, count - (before[reason] ?? 0)] as const)
      .filter(([, delta]) => delta !== 0),
  );
  return { result, moved };
}

function asServerError(result: unknown): ServerError {
  expect(result).toBeInstanceOf(ServerError);
  return result as ServerError;
}

describe('what an Add caller hears when recording failed', () => {
  it('a full queue: RESOURCE_EXHAUSTED with the reason, shed as queue_full', async () => {
    const { result, moved } = await mapped(
      new RecordingRefused('queue_full', 'more than 10000 requests waiting'),
    );
    expect(asServerError(result).code).toBe(Status.RESOURCE_EXHAUSTED);
    expect(asServerError(result).details).toBe('more than 10000 requests waiting');
    expect(moved).toEqual({ queue_full: 1 });
  });

  it('a stalled database: UNAVAILABLE, telling to retry with the same key, shed as database_stalled', async () => {
    const { result, moved } = await mapped(
      new RecordingRefused('database_stalled', 'the database has kept requests waiting for 1200 ms'),
    );
    expect(asServerError(result).code).toBe(Status.UNAVAILABLE);
    expect(asServerError(result).details).toBe(
      'the database has kept requests waiting for 1200 ms; retry later with the same idempotency_key',
    );
    expect(moved).toEqual({ database_stalled: 1 });
  });

  it('a database that did not answer: UNAVAILABLE, not counted as shed', async () => {
    const lost = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    });
    const { result, moved } = await mapped(lost);
    expect(asServerError(result).code).toBe(Status.UNAVAILABLE);
    expect(asServerError(result).details).toBe(
      'the database did not answer in time; retry with the same idempotency_key (a retry never counts twice)',
    );
    expect(moved).toEqual({});
  });

  it('a caller who gave up: CANCELLED, whether the error says so or only the call was aborted', async () => {
    for (const [error, aborted] of [
      [new AbortError(), false],
      [new Error('whatever the recorder rejected with'), true],
    ] as const) {
      const { result, moved } = await mapped(error, aborted);
      expect(asServerError(result).code).toBe(Status.CANCELLED);
      expect(asServerError(result).details).toBe('call cancelled');
      expect(moved).toEqual({});
    }
  });

  it('anything else is passed on untouched, for the error middleware to log and answer INTERNAL', async () => {
    const bug = new TypeError('cannot read properties of undefined');
    const { result, moved } = await mapped(bug);
    expect(result).toBe(bug);
    expect(moved).toEqual({});
  });

  it('a refusal wins over an aborted call: the caller is told it was shed', async () => {
    const { result } = await mapped(new RecordingRefused('queue_full', 'full'), true);
    expect(asServerError(result).code).toBe(Status.RESOURCE_EXHAUSTED);
  });
});

describe("the recorder's refusals", () => {
  const calculation = { a: '1', b: '2', sum: '3', idempotencyKey: null, traceparent: null };
  // A database whose statements never finish: nothing here reaches a real one.
  const stuckExecutor = {
    transformQuery: (node: unknown) => node,
    compileQuery: (node: unknown) => ({ query: node, sql: '', parameters: [] }),
    executeQuery: () => new Promise<never>(() => {}),
  };
  const stuckDatabase = { getExecutor: () => stuckExecutor };
  const options = {
    maxBatchSize: 1,
    maxConcurrentTransactions: 1,
    lingerMs: 0,
    maxQueuedItems: 1,
    maxQueueWaitMs: 60_000,
  };

  it("are RecordingRefused with the reason, in the recorder's terms rather than the batcher's", async () => {
    const { createCalculationRecorder } = await import(
      '../../src/services/calculator/calculation-recorder.ts'
    );
    const recorder = createCalculationRecorder(stuckDatabase as never, options);
    void recorder.submit(calculation); // takes the one transaction slot, for good
    void recorder.submit(calculation); // waits in the one queue place
    const full = await recorder.submit(calculation).catch((error: unknown) => error);
    expect(full).toBeInstanceOf(RecordingRefused);
    expect((full as InstanceType<typeof RecordingRefused>).reason).toBe('queue_full');

    const stalledRecorder = createCalculationRecorder(stuckDatabase as never, {
      ...options,
      maxQueuedItems: 5,
      maxQueueWaitMs: 5,
    });
    void stalledRecorder.submit(calculation);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const stalled = await stalledRecorder.submit(calculation).catch((error: unknown) => error);
    expect(stalled).toBeInstanceOf(RecordingRefused);
    expect((stalled as InstanceType<typeof RecordingRefused>).reason).toBe('database_stalled');
    expect((stalled as Error).message).toMatch(/^the database has kept requests waiting for \d+ ms$/);
  });
});
