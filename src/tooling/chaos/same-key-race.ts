import { randomUUID } from 'node:crypto';
import { Status } from 'nice-grpc';
import type { GrpcTarget } from '../../services/shared/grpc-target.ts';
import { awkwardDecimals } from '../load/awkward-decimals.ts';
import { createRetryingAddClient } from '../load/retrying-add-client.ts';

export interface SameKeyRace {
  /** The idempotency keys' common start, to count what the calculator stored under them. */
  keyPrefix: string;
  pairs: number;
  /** Pairs whose two answers named the same calculation and the same sum. */
  answeredAlike: number;
  /** Pairs answered differently, each as "key: id1 (sum1) ≠ id2 (sum2)". */
  differing: string[];
  /** Pairs where a call failed even after its retries (with the same key), each "key: error". */
  failed: string[];
}

/**
 * Sends each of `pairs` additions to two calculators at the same moment with the same idempotency key,
 * twenty pairs at a time: each pair must be answered with one calculation, stored once.
 */
export async function raceSameKeys(
  targets: readonly [GrpcTarget, GrpcTarget],
  pairs: number,
  seed: number,
): Promise<SameKeyRace> {
  const clients = targets.map((target) =>
    createRetryingAddClient(target, {
      maxAttempts: 5,
      retryableStatuses: [Status.UNAVAILABLE, Status.DEADLINE_EXCEEDED],
      attemptTimeoutMs: 5_000,
    }),
  );
  const operand = awkwardDecimals(seed);
  const keyPrefix = `same-key-${randomUUID()}-`;
  const result: SameKeyRace = { keyPrefix, pairs, answeredAlike: 0, differing: [], failed: [] };
  try {
    for (let start = 0; start < pairs; start += 20) {
      await Promise.all(
        Array.from({ length: Math.min(20, pairs - start) }, async (_, offset) => {
          const request = { a: operand(), b: operand(), idempotencyKey: `${keyPrefix}${start + offset}` };
          const answers = await Promise.allSettled(clients.map((client) => client.add(request)));
          const [first, second] = answers;
          if (first?.status !== 'fulfilled' || second?.status !== 'fulfilled') {
            const reason = answers.find((answer) => answer.status === 'rejected')?.reason as Error;
            result.failed.push(`${request.idempotencyKey}: ${reason.message}`);
          } else if (
            first.value.calculationId === second.value.calculationId &&
            first.value.sum === second.value.sum
          ) {
            result.answeredAlike += 1;
          } else {
            result.differing.push(
              `${request.idempotencyKey}: ${first.value.calculationId} (${first.value.sum}) ≠ ${second.value.calculationId} (${second.value.sum})`,
            );
          }
        }),
      );
    }
  } finally {
    for (const client of clients) client.close();
  }
  return result;
}
