import { delay } from 'abort-controller-x';
import { ClientError, createServer, type Server, ServerError, Status } from 'nice-grpc';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type AddRequest,
  CalculatorServiceDefinition,
} from '../../src/generated/calculator/v1/calculator.pb.ts';
import { plaintextTarget } from '../../src/services/shared/grpc-target.ts';
import {
  createRetryingAddClient,
  type FailedAttempt,
  type RetryingAddClient,
} from '../../src/tooling/load/retrying-add-client.ts';

/** What the server does with its next calls, one entry per call; past the script, it answers OK. */
type Step = Status | 'hang';
let script: Step[] = [];
let received: AddRequest[] = [];
let arrivals: number[] = [];
let server: Server;
let address: string;
const clients: RetryingAddClient[] = [];

beforeAll(async () => {
  server = createServer();
  server.add(CalculatorServiceDefinition, {
    async add(request, { signal }) {
      received.push(request);
      arrivals.push(performance.now());
      const step = script.shift();
      if (step === 'hang') await delay(signal, 60_000);
      else if (step !== undefined) throw new ServerError(step, `scripted ${Status[step]}`);
      return { sum: '3', calculationId: `calculation-for-${request.idempotencyKey}` };
    },
  });
  address = `127.0.0.1:${await server.listen('127.0.0.1:0')}`;
});

afterAll(async () => {
  for (const client of clients) client.close();
  await server?.shutdown();
});

beforeEach(() => {
  script = [];
  received = [];
  arrivals = [];
});

function clientWith(options: Parameters<typeof createRetryingAddClient>[1]) {
  const client = createRetryingAddClient(plaintextTarget(address), options);
  clients.push(client);
  return client;
}

const request = (idempotencyKey: string) => ({ a: '1', b: '2', idempotencyKey });

describe('the retrying Add client', () => {
  it('retries UNAVAILABLE with the same idempotency key on every attempt, and reports each failed attempt', async () => {
    script = [Status.UNAVAILABLE, Status.UNAVAILABLE, Status.UNAVAILABLE];
    const failed: FailedAttempt[] = [];
    const client = clientWith({
      maxAttempts: 5,
      attemptTimeoutMs: 5_000,
      onFailedAttempt: (attempt) => failed.push(attempt),
    });
    const answer = await client.add(request('key-1'));
    expect(answer.calculationId).toBe('calculation-for-key-1');
    expect(received.map((item) => item.idempotencyKey)).toEqual(['key-1', 'key-1', 'key-1', 'key-1']);
    expect(received.every((item) => item.a === '1' && item.b === '2')).toBe(true);
    expect(failed.map((attempt) => attempt.code)).toEqual(['UNAVAILABLE', 'UNAVAILABLE', 'UNAVAILABLE']);
    // Backoff between attempts: each failure comes later than the one before.
    for (const [index, attempt] of failed.entries())
      if (index > 0) expect(attempt.at).toBeGreaterThan((failed[index - 1] as FailedAttempt).at + 50);
  });

  it('stops after maxAttempts, failing with the last status and reporting that attempt too', async () => {
    script = Array.from({ length: 10 }, () => Status.UNAVAILABLE);
    const failed: FailedAttempt[] = [];
    const client = clientWith({
      maxAttempts: 3,
      attemptTimeoutMs: 5_000,
      onFailedAttempt: (attempt) => failed.push(attempt),
    });
    const error = await client.add(request('key-2')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).code).toBe(Status.UNAVAILABLE);
    expect(received).toHaveLength(3);
    expect(failed).toHaveLength(3);
  });

  it('does not retry a status outside retryableStatuses', async () => {
    script = [Status.INVALID_ARGUMENT];
    const failed: FailedAttempt[] = [];
    const client = clientWith({
      maxAttempts: 5,
      attemptTimeoutMs: 5_000,
      onFailedAttempt: (attempt) => failed.push(attempt),
    });
    await expect(client.add(request('key-3'))).rejects.toMatchObject({ code: Status.INVALID_ARGUMENT });
    expect(received).toHaveLength(1);
    expect(failed.map((attempt) => attempt.code)).toEqual(['INVALID_ARGUMENT']);
  });

  it('turns an attempt that gets no answer in time into DEADLINE_EXCEEDED and retries it with the same key', async () => {
    script = ['hang'];
    const failed: FailedAttempt[] = [];
    const client = clientWith({
      maxAttempts: Number.POSITIVE_INFINITY,
      retryForMs: 10_000,
      retryableStatuses: [Status.UNAVAILABLE, Status.DEADLINE_EXCEEDED],
      attemptTimeoutMs: 300,
      onFailedAttempt: (attempt) => failed.push(attempt),
    });
    const answer = await client.add(request('key-4'));
    expect(answer.calculationId).toBe('calculation-for-key-4');
    expect(failed.map((attempt) => attempt.code)).toEqual(['DEADLINE_EXCEEDED']);
    expect(received.map((item) => item.idempotencyKey)).toEqual(['key-4', 'key-4']);
  });

  it('keeps retrying for retryForMs at most, then fails with the last error, every attempt reported', async () => {
    script = Array.from({ length: 1_000 }, () => Status.UNAVAILABLE);
    const failed: FailedAttempt[] = [];
    const client = clientWith({
      maxAttempts: Number.POSITIVE_INFINITY,
      retryForMs: 1_000,
      attemptTimeoutMs: 5_000,
      onFailedAttempt: (attempt) => failed.push(attempt),
    });
    const started = performance.now();
    await expect(client.add(request('key-5'))).rejects.toMatchObject({ code: Status.UNAVAILABLE });
    expect(received.length).toBeGreaterThan(2);
    expect(failed).toHaveLength(received.length);
    // No retry is due past the budget (a timer may fire a little late on a busy machine).
    expect(Math.max(...arrivals) - started).toBeLessThan(1_000 + 250);
    expect(new Set(received.map((item) => item.idempotencyKey))).toEqual(new Set(['key-5']));
  });

  it('stops retrying and fails at once when its signal aborts, however much budget is left', async () => {
    script = ['hang', 'hang', 'hang'];
    const client = clientWith({
      maxAttempts: Number.POSITIVE_INFINITY,
      retryForMs: 60_000,
      attemptTimeoutMs: 5_000,
    });
    const stopping = new AbortController();
    const started = performance.now();
    const call = client.add(request('aborted'), stopping.signal);
    setTimeout(() => stopping.abort(new Error('the load stopped')), 200);
    await expect(call).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(received).toHaveLength(1);
  });

  it('never retries with maxAttempts 1, as the benchmark measures', async () => {
    script = [Status.UNAVAILABLE];
    const client = clientWith({ maxAttempts: 1, attemptTimeoutMs: 5_000 });
    await expect(client.add(request(''))).rejects.toMatchObject({ code: Status.UNAVAILABLE });
    expect(received).toHaveLength(1);
  });

  it('refuses to send a call it may retry without an idempotency key', async () => {
    const client = clientWith({ maxAttempts: 5, attemptTimeoutMs: 5_000 });
    await expect(client.add(request(''))).rejects.toThrow(/needs an idempotency_key/);
    expect(received).toHaveLength(0);
  });
});
