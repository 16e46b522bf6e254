import { randomUUID } from 'node:crypto';
import { ClientError, createChannel, createClient, Status } from 'nice-grpc';
import { CalculatorServiceDefinition } from '../../generated/calculator/v1/calculator.pb.ts';
import { awkwardDecimals } from '../load/awkward-decimals.ts';

export interface FailedAttempt {
  at: number;
  code: string;
}

/**
 * Adds at a steady rate, as a careful client would: every failed call is retried with the same
 * idempotency key until it succeeds or the retry budget runs out. It remembers every calculation it was
 * answered OK for, and every failed attempt with its time and status.
 */
export class SteadyLoad {
  readonly confirmed = new Map<string, string>();
  readonly failedAttempts: FailedAttempt[] = [];
  abandoned = 0;
  private readonly run = randomUUID();
  private readonly nextOperand: () => string;
  private readonly channel;
  private readonly client;
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private sequence = 0;
  private readonly ratePerSecond: number;
  private readonly retryBudgetMs: number;

  constructor(address: string, ratePerSecond: number, seed: number, retryBudgetMs = 60_000) {
    this.ratePerSecond = ratePerSecond;
    this.retryBudgetMs = retryBudgetMs;
    this.nextOperand = awkwardDecimals(seed);
    this.channel = createChannel(address);
    this.client = createClient(CalculatorServiceDefinition, this.channel);
  }

  start(): void {
    // Ticks of 100 ms, each starting a tenth of a second's calls.
    const perTick = this.ratePerSecond / 10;
    let owed = 0;
    this.timer = setInterval(() => {
      owed += perTick;
      for (; owed >= 1; owed -= 1) {
        const call = this.addUntilAnswered(this.sequence++);
        this.inFlight.add(call);
        void call.finally(() => this.inFlight.delete(call));
      }
    }, 100);
  }

  /** Stops sending and waits for every call still retrying. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(this.inFlight);
    this.channel.close();
  }

  private async addUntilAnswered(sequence: number): Promise<void> {
    const request = {
      a: this.nextOperand(),
      b: this.nextOperand(),
      idempotencyKey: `chaos-${this.run}-${sequence}`,
    };
    const giveUpAt = performance.now() + this.retryBudgetMs;
    for (let attempt = 1; ; attempt++) {
      try {
        const answer = await this.client.add(request, { signal: AbortSignal.timeout(5_000) });
        this.confirmed.set(request.idempotencyKey, answer.calculationId);
        return;
      } catch (error) {
        const code = error instanceof ClientError ? Status[error.code] : (error as Error).name;
        this.failedAttempts.push({ at: performance.now(), code });
        if (performance.now() > giveUpAt) {
          this.abandoned += 1;
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 100 * 2 ** Math.min(attempt, 5))));
      }
    }
  }
}
