import { randomUUID } from 'node:crypto';
import type { GrpcTarget } from '../../services/shared/grpc-target.ts';
import { awkwardDecimals } from '../load/awkward-decimals.ts';
import { createRetryingAddClient, type RetryingAddClient } from '../load/retrying-add-client.ts';

const CHANNELS = 4;

/**
 * Sends Add calls with idempotency keys `<prefix><sequence>`, so a run's calculations can be found in
 * the calculator's table afterwards. A failed call is not retried: the benchmark counts it.
 */
export class GrpcAddSender {
  readonly keyPrefix = `bench-${randomUUID()}-`;
  private readonly clients: RetryingAddClient[];
  private readonly nextOperand = awkwardDecimals(13);

  constructor(target: GrpcTarget) {
    this.clients = Array.from({ length: CHANNELS }, () =>
      createRetryingAddClient(target, { maxAttempts: 1, attemptTimeoutMs: 10_000 }),
    );
  }

  async add(sequence: number): Promise<void> {
    const client = this.clients[sequence % CHANNELS] as (typeof this.clients)[number];
    await client.add({
      a: this.nextOperand(),
      b: this.nextOperand(),
      idempotencyKey: `${this.keyPrefix}${sequence}`,
    });
  }

  close(): void {
    for (const client of this.clients) client.close();
  }
}
