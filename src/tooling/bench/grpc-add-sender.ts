import { randomUUID } from 'node:crypto';
import { type Channel, createChannel, createClient } from 'nice-grpc';
import { CalculatorServiceDefinition } from '../../generated/calculator/v1/calculator.pb.ts';
import { awkwardDecimals } from '../load/awkward-decimals.ts';

const CHANNELS = 4;

/**
 * Sends Add calls with idempotency keys `<prefix><sequence>`, so a run's calculations can be found in
 * the calculator's table afterwards.
 */
export class GrpcAddSender {
  readonly keyPrefix = `bench-${randomUUID()}-`;
  private readonly channels: Channel[];
  private readonly clients: ReturnType<typeof createClient<typeof CalculatorServiceDefinition>>[];
  private readonly nextOperand = awkwardDecimals(13);

  constructor(address: string) {
    this.channels = Array.from({ length: CHANNELS }, () => createChannel(address));
    this.clients = this.channels.map((channel) => createClient(CalculatorServiceDefinition, channel));
  }

  async add(sequence: number): Promise<void> {
    const client = this.clients[sequence % CHANNELS] as (typeof this.clients)[number];
    await client.add(
      { a: this.nextOperand(), b: this.nextOperand(), idempotencyKey: `${this.keyPrefix}${sequence}` },
      { signal: AbortSignal.timeout(10_000) },
    );
  }

  close(): void {
    for (const channel of this.channels) channel.close();
  }
}
