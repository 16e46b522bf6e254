import { isAbortError } from 'abort-controller-x';
import { type CallContext, ServerError, Status } from 'nice-grpc';
import type { CalculatorServiceImplementation } from '../generated/calculator/v1/calculator.pb.ts';
import { addDecimals } from '../shared/exact-decimal.ts';
import { addRequestSchema, describeProblems } from './add-request-schema.ts';
import type { CalculationRecorder } from './calculation-recorder.ts';
import { QueueFullError } from './transaction-batcher.ts';

export function createCalculatorService(recorder: CalculationRecorder): CalculatorServiceImplementation {
  return {
    async add(request, context: CallContext) {
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
            traceparent: context.metadata.get('traceparent') ?? null,
          },
          context.signal,
        )
        .catch((error: unknown) => {
          if (error instanceof QueueFullError)
            throw new ServerError(Status.RESOURCE_EXHAUSTED, error.message);
          if (isAbortError(error) || context.signal.aborted)
            throw new ServerError(Status.CANCELLED, 'call cancelled');
          throw error;
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
