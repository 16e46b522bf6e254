import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Status } from 'nice-grpc';
import type { GrpcTarget } from '../../services/shared/grpc-target.ts';
import { awkwardDecimals } from '../load/awkward-decimals.ts';
import {
  createRetryingAddClient,
  type FailedAttempt,
  type RetryingAddClient,
} from '../load/retrying-add-client.ts';

const ATTEMPT_TIMEOUT_MS = 5_000;

/**
 * Adds at a steady rate, as a careful client would: a call that finds the calculator gone or slow
 * (UNAVAILABLE, DEADLINE_EXCEEDED) is retried with the same idempotency key until it succeeds or the
 * retry budget runs out. It remembers every calculation it was answered OK for, and every failed attempt
 * with its time and status.
 */
export class SteadyLoad {
  readonly confirmed = new Map<string, string>();
  readonly failedAttempts: FailedAttempt[] = [];
  /** The calculation most recently answered OK, and when (performance.now()). */
  latestConfirmed: { calculationId: string; at: number } | undefined;
  abandoned = 0;
  /** Calls still unanswered, neither OK nor given up on, when the load stopped and its wait ran out. */
  stuckAtStop = 0;
  private readonly stopping = new AbortController();
  private readonly retryBudgetMs: number;
  private readonly run = randomUUID();
  private readonly nextOperand: () => string;
  private readonly client: RetryingAddClient;
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private sequence = 0;
  private readonly ratePerSecond: number;

  constructor(target: GrpcTarget, ratePerSecond: number, seed: number, retryBudgetMs = 60_000) {
    this.ratePerSecond = ratePerSecond;
    this.retryBudgetMs = retryBudgetMs;
    this.nextOperand = awkwardDecimals(seed);
    this.client = createRetryingAddClient(target, {
      maxAttempts: Number.POSITIVE_INFINITY,
      retryForMs: retryBudgetMs,
      retryableStatuses: [Status.UNAVAILABLE, Status.DEADLINE_EXCEEDED],
      attemptTimeoutMs: ATTEMPT_TIMEOUT_MS,
      onFailedAttempt: (attempt) => this.failedAttempts.push(attempt),
    });
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

  /**
   * Stops sending and waits for every call still retrying, for as long as a call's retries may last and
   * one more attempt; calls still unanswered then are aborted and counted in `stuckAtStop`: whatever
   * became of them, the run's report is still written.
   */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    const settled = Promise.all(this.inFlight).then(() => true);
    const waited = await Promise.race([settled, sleep(this.retryBudgetMs + ATTEMPT_TIMEOUT_MS, false)]);
    if (!waited) {
      this.stuckAtStop = this.inFlight.size;
      this.stopping.abort(new Error('the load stopped'));
      await Promise.race([settled, sleep(ATTEMPT_TIMEOUT_MS)]);
    }
    this.client.close();
  }

  private async addUntilAnswered(sequence: number): Promise<void> {
    const request = {
      a: this.nextOperand(),
      b: this.nextOperand(),
      idempotencyKey: `chaos-${this.run}-${sequence}`,
    };
    try {
      const answer = await this.client.add(request, this.stopping.signal);
      this.confirmed.set(request.idempotencyKey, answer.calculationId);
      this.latestConfirmed = { calculationId: answer.calculationId, at: performance.now() };
    } catch {
      // Every attempt, this last one included, is in failedAttempts already.
      this.abandoned += 1;
    }
  }
}
