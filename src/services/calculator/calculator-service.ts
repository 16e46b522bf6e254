import { context, propagation } from '@opentelemetry/api';
import { type CallContext, ServerError, Status } from 'nice-grpc';
import type { CalculatorServiceImplementation } from '../../generated/calculator/v1/calculator.pb.ts';
import { addDecimals } from '../shared/exact-decimal.ts';
import { toAddCallError } from './add-call-errors.ts';
import { addRequestSchema, describeProblems } from './add-request-schema.ts';
import type { CalculationRecorder } from './calculation-recorder.ts';

export function createCalculatorService(
  recorder: Pick<CalculationRecorder, 'submit'>,
): CalculatorServiceImplementation {
  return {
    async add(request, call: CallContext) {
      const parsed = addRequestSchema.safeParse(request);
      if (!parsed.success) throw new ServerError(Status.INVALID_ARGUMENT, describeProblems(parsed.error));
      const { a, b, idempotencyKey } = parsed.data;

      const outcome = await recorder
        .submit(
          {
            a,
            b,
            sum: addDecimals(a, b),
            idempotencyKey,
            traceparent: activeTraceparent(),
          },
          call.signal,
        )
        .catch((error: unknown) => {
          throw toAddCallError(error, call.signal.aborted);
        });

      if (outcome.kind === 'idempotency-conflict') {
        throw new ServerError(
          Status.FAILED_PRECONDITION,
          `idempotency_key was already used with other operands (calculation ${outcome.calculationId})`,
        );
      }
      return { sum: outcome.sum, calculationId: outcome.calculationId };
    },
  };
}

/**
 * The W3C traceparent of this call's span, stored with the outbox row so that Debezium carries it to
 * Kafka and the totals keeper continues the same trace. Null when telemetry is off.
 */
function activeTraceparent(): string | null {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? null;
}
