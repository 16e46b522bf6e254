import { randomUUID } from 'node:crypto';
import { addDecimals } from '../../services/shared/exact-decimal.ts';
import type { GrpcTarget } from '../../services/shared/grpc-target.ts';
import { awkwardDecimals } from './awkward-decimals.ts';
import { createRetryingAddClient } from './retrying-add-client.ts';

export interface AdditionsOptions {
  target: GrpcTarget;
  count: number;
  concurrency: number;
  seed: number;
  /** Called now and then with how many calls have finished. */
  onProgress?: (done: number) => void;
}

export interface AdditionsResult {
  ok: number;
  failed: number;
  /** The exact sum of the sums the calculator answered OK for. */
  sumOfOkSums: string;
  calculationIds: string[];
  errors: string[];
}

export interface AdditionsProgress {
  /** Calls answered, OK or failed after their retries. */
  done: number;
  /** Calls sent and not yet answered. */
  inFlight: number;
}

/** Additions on their way: how far they are now, and the result once all are answered. */
export interface RunningAdditions {
  progress(): AdditionsProgress;
  finished: Promise<AdditionsResult>;
}

/**
 * Sends `count` additions from `concurrency` clients, each over its own channel, and checks every answer
 * against its own exact addition. A call failing with a transient status is retried, up to five attempts
 * in all, with the same idempotency key, so a retry never counts twice.
 */
export function sendAdditions(options: AdditionsOptions): Promise<AdditionsResult> {
  return startAdditions(options).finished;
}

/** As `sendAdditions`, for a caller that needs to know how far the calls are while they run. */
export function startAdditions(options: AdditionsOptions): RunningAdditions {
  let inFlight = 0;
  let done = 0;
  const finished = runAdditions(options, {
    sent: () => {
      inFlight += 1;
    },
    answered: () => {
      inFlight -= 1;
      done += 1;
      if (done % 1000 === 0) options.onProgress?.(done);
    },
  });
  return { progress: () => ({ done, inFlight }), finished };
}

async function runAdditions(
  options: AdditionsOptions,
  track: { sent: () => void; answered: () => void },
): Promise<AdditionsResult> {
  const nextOperand = awkwardDecimals(options.seed);
  // Keys are new for every run: the seed repeats the operands, not the calculations.
  const run = randomUUID();
  const work = Array.from({ length: options.count }, (_, index) => ({
    a: nextOperand(),
    b: nextOperand(),
    idempotencyKey: `load-${run}-${index}`,
  }));
  const result: AdditionsResult = { ok: 0, failed: 0, sumOfOkSums: '0', calculationIds: [], errors: [] };
  const sums: string[] = [];
  let cursor = 0;

  const client = async () => {
    const calculator = createRetryingAddClient(options.target, { maxAttempts: 5, attemptTimeoutMs: 10_000 });
    try {
      while (cursor < work.length) {
        const request = work[cursor++] as (typeof work)[number];
        track.sent();
        const response = await calculator.add(request).then(
          (value) => ({ ok: true as const, value }),
          (error: unknown) => ({ ok: false as const, error: (error as Error).message }),
        );
        track.answered();
        if (response.ok) {
          const expected = addDecimals(request.a, request.b);
          if (response.value.sum !== expected) {
            result.errors.push(
              `${request.a} + ${request.b}: expected ${expected}, got ${response.value.sum}`,
            );
          }
          result.ok += 1;
          sums.push(response.value.sum);
          result.calculationIds.push(response.value.calculationId);
        } else {
          result.failed += 1;
          result.errors.push(response.error);
        }
      }
    } finally {
      calculator.close();
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  result.sumOfOkSums = addDecimals(...sums);
  return result;
}
