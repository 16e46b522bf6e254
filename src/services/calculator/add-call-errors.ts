import { isAbortError } from 'abort-controller-x';
import { ServerError, Status } from 'nice-grpc';
import { isDatabaseUnavailable } from '../shared/database-unavailable.ts';
import { RecordingRefused } from './calculation-recorder.ts';
import { calculatorMetrics } from './calculator-metrics.ts';

/**
 * What an Add caller hears when recording its calculation failed: a refusal before any transaction
 * (counted as shed, by reason), a database that did not answer, or a call the caller cancelled. Each is
 * an expected failure with its own status, so callers know whether a retry with the same
 * idempotency_key can help. Anything else is returned as it is, for the error middleware to log and
 * answer INTERNAL.
 */
export function toAddCallError(error: unknown, callAborted: boolean): unknown {
  if (error instanceof RecordingRefused) {
    calculatorMetrics.requestsShed.add(1, { reason: error.reason });
    return error.reason === 'queue_full'
      ? new ServerError(Status.RESOURCE_EXHAUSTED, error.message)
      : new ServerError(Status.UNAVAILABLE, `${error.message}; retry later with the same idempotency_key`);
  }
  if (isDatabaseUnavailable(error))
    return new ServerError(
      Status.UNAVAILABLE,
      'the database did not answer in time; retry with the same idempotency_key (a retry never counts twice)',
    );
  if (isAbortError(error) || callAborted) return new ServerError(Status.CANCELLED, 'call cancelled');
  return error;
}
