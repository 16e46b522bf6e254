import { isAbortError } from 'abort-controller-x';
import { type CallContext, ServerError, type ServerMiddlewareCall, Status } from 'nice-grpc';
import type { Logger } from './logger.ts';

/**
 * Expected failures are thrown as `ServerError` and pass through untouched; anything else is a bug or an
 * outage: log it with its stack and answer with a generic INTERNAL error that leaks no detail.
 */
export function errorHandlingMiddleware(logger: Logger) {
  return async function* handleErrors<Request, Response>(
    call: ServerMiddlewareCall<Request, Response>,
    context: CallContext,
  ) {
    try {
      return yield* call.next(call.request, context);
    } catch (error: unknown) {
      if (error instanceof ServerError || isAbortError(error)) throw error;
      logger.error({ err: error, method: call.method.path }, 'unexpected error in gRPC handler');
      throw new ServerError(Status.INTERNAL, 'internal error; see the server log');
    }
  };
}
