import {
  type CallOptions,
  type Channel,
  ClientError,
  type ClientMiddleware,
  createClientFactory,
  Status,
} from 'nice-grpc';
import { retryMiddleware } from 'nice-grpc-client-middleware-retry';
import {
  type AddRequest,
  type AddResponse,
  CalculatorServiceDefinition,
} from '../../generated/calculator/v1/calculator.pb.ts';
import { type GrpcTarget, openChannel } from '../../services/shared/grpc-target.ts';

/**
 * The retry policy of every Add caller the project has (load driver, demo, chaos, bench), in one place:
 * jittered exponential backoff between attempts, each attempt with a timeout of its own, and the same
 * request, so the same idempotency key, on every attempt: a retry is answered from the first
 * calculation and never counts twice.
 */
const BASE_DELAY_MS = 200;
const MAX_DELAY_MS = 2_000;

/**
 * Failures another attempt may cure: no answer, shed load, a server going away or failing on its own.
 * The caller's mistakes (INVALID_ARGUMENT, FAILED_PRECONDITION) are answered the same every time.
 */
export const TRANSIENT_STATUSES: readonly Status[] = [
  Status.UNAVAILABLE,
  Status.DEADLINE_EXCEEDED,
  Status.RESOURCE_EXHAUSTED,
  Status.ABORTED,
  Status.CANCELLED,
  Status.UNKNOWN,
  Status.INTERNAL,
];

export interface FailedAttempt {
  /** `performance.now()` when the attempt failed. */
  at: number;
  /** The gRPC status name (`UNAVAILABLE`), or the error's name when there was no status (`AbortError`). */
  code: string;
}

/** What differs legitimately between callers. */
export interface AddRetryOptions {
  /** Attempts in all, the first one included: 1 never retries. `Infinity` with `retryForMs`. */
  maxAttempts: number;
  /** No retry starts later than this after the first attempt started. */
  retryForMs?: number;
  /** Status codes worth another attempt; any other fails the call at once. */
  retryableStatuses?: readonly Status[];
  /** How long one attempt may wait for its answer before it fails with DEADLINE_EXCEEDED. */
  attemptTimeoutMs: number;
  /** Told of every failed attempt, the last one of a call that fails included. */
  onFailedAttempt?: (failure: FailedAttempt) => void;
}

export interface RetryingAddClient {
  /**
   * Resolves with the first OK answer; rejects with the last attempt's error once retrying stops, or
   * when `signal` aborts.
   */
  add(request: AddRequest, signal?: AbortSignal): Promise<AddResponse>;
  close(): void;
}

/** An Add client over its own channel to `target`, retrying as `options` say. */
export function createRetryingAddClient(target: GrpcTarget, options: AddRetryOptions): RetryingAddClient {
  const channel: Channel = openChannel(target);
  // The retry middleware is outermost, so each attempt gets its own timeout from the one inside it.
  const client = createClientFactory()
    .use(timeoutPerAttempt)
    .use(retryMiddleware)
    .create(CalculatorServiceDefinition, channel);
  const record = (error: unknown) =>
    options.onFailedAttempt?.({
      at: performance.now(),
      code: error instanceof ClientError ? Status[error.code] : (error as Error).name,
    });

  return {
    async add(request, signal) {
      // Without a key a retry could record the calculation twice: only a keyed call is ever retried.
      if (options.maxAttempts > 1 && request.idempotencyKey === '')
        throw new Error('an Add that may be retried needs an idempotency_key');
      const retryUntil = performance.now() + (options.retryForMs ?? Number.POSITIVE_INFINITY);
      try {
        return await client.add(request, {
          ...(signal ? { signal } : {}),
          attemptTimeoutMs: options.attemptTimeoutMs,
          // Add is not marked idempotent in the contract (it is only with a key), so retries are asked for.
          retry: options.maxAttempts > 1,
          retryMaxAttempts: options.maxAttempts - 1,
          retryBaseDelayMs: BASE_DELAY_MS,
          retryMaxDelayMs: MAX_DELAY_MS,
          retryableStatuses: [...(options.retryableStatuses ?? TRANSIENT_STATUSES)],
          onRetryableError(error, _attempt, delayMs) {
            // The middleware counts attempts, not time: past the budget, its error ends the call.
            if (performance.now() + delayMs > retryUntil) throw error;
            record(error);
          },
        });
      } catch (error) {
        record(error);
        throw error;
      }
    },
    close: () => channel.close(),
  };
}

/**
 * Gives one attempt `attemptTimeoutMs` to be answered, then fails it with DEADLINE_EXCEEDED, a status
 * the retry middleware can retry (a plain abort would end the call instead).
 */
const timeoutPerAttempt: ClientMiddleware<{ attemptTimeoutMs?: number }> = async function* (call, options) {
  const { attemptTimeoutMs, ...rest } = options;
  if (attemptTimeoutMs === undefined) return yield* call.next(call.request, rest);
  const timeout = AbortSignal.timeout(attemptTimeoutMs);
  const signal: AbortSignal = rest.signal ? AbortSignal.any([rest.signal, timeout]) : timeout;
  try {
    return yield* call.next(call.request, { ...rest, signal } satisfies CallOptions);
  } catch (error) {
    if (timeout.aborted && !rest.signal?.aborted)
      throw new ClientError(
        call.method.path,
        Status.DEADLINE_EXCEEDED,
        `no answer within ${attemptTimeoutMs} ms`,
      );
    throw error;
  }
};
