import {
  type Context,
  context,
  INVALID_SPAN_CONTEXT,
  metrics,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  trace,
} from '@opentelemetry/api';
import { isAbortError } from 'abort-controller-x';
import { type CallContext, type Metadata, ServerError, type ServerMiddlewareCall, Status } from 'nice-grpc';

const INSTRUMENTATION_SCOPE = 'outbox-pipeline/grpc-server';

const tracer = trace.getTracer(INSTRUMENTATION_SCOPE);
const callDuration = metrics.getMeter(INSTRUMENTATION_SCOPE).createHistogram('rpc.server.call.duration', {
  description: 'Duration of gRPC calls answered by this server, by method and status code.',
  unit: 's',
  advice: {
    explicitBucketBoundaries: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  },
});

// Codes that mean the caller asked for something wrong: the server did its job, so no span error.
const CALLER_MISTAKES = new Set([
  Status.INVALID_ARGUMENT,
  Status.NOT_FOUND,
  Status.ALREADY_EXISTS,
  Status.FAILED_PRECONDITION,
  Status.OUT_OF_RANGE,
  Status.UNAUTHENTICATED,
  Status.PERMISSION_DENIED,
  Status.CANCELLED,
]);

const metadataGetter: TextMapGetter<Metadata> = {
  keys: (metadata) => [...metadata].map(([key]) => key),
  get: (metadata, key) => {
    const value = metadata.get(key);
    return typeof value === 'string' ? value : undefined;
  },
};

/**
 * One server span per call (a child of the caller's `traceparent`, if it sent one) and the
 * `rpc.server.call.duration` histogram. Health checks and reflection are measured but not traced:
 * probes every few seconds would bury the traces people look for.
 */
export async function* grpcTelemetryMiddleware<Request, Response>(
  call: ServerMiddlewareCall<Request, Response>,
  callContext: CallContext,
) {
  const method = call.method.path.replace(/^\//, '');
  const attributes = { 'rpc.system.name': 'grpc', 'rpc.method': method };
  const traced = !method.startsWith('grpc.');
  const parent = propagation.extract(ROOT_CONTEXT, callContext.metadata, metadataGetter);
  const span = traced
    ? tracer.startSpan(method, { kind: SpanKind.SERVER, attributes }, parent)
    : trace.wrapSpanContext(trace.getSpanContext(parent) ?? INVALID_SPAN_CONTEXT);
  const started = performance.now();
  let code = Status.OK;
  try {
    const handler = call.next(call.request, callContext) as AsyncGenerator<
      Response,
      Response | undefined,
      undefined
    >;
    return yield* runInContext(trace.setSpan(parent, span), handler);
  } catch (error: unknown) {
    code = statusOf(error);
    recordFailure(span, code, error);
    throw error;
  } finally {
    const statusName = Status[code];
    callDuration.record((performance.now() - started) / 1000, {
      ...attributes,
      'rpc.response.status_code': statusName,
    });
    span.setAttribute('rpc.response.status_code', statusName);
    span.end();
  }
}

/** Steps the handler with the call's span active, so spans and log lines inside it join the trace. */
async function* runInContext<Yielded, Returned>(
  active: Context,
  handler: AsyncGenerator<Yielded, Returned, undefined>,
): AsyncGenerator<Yielded, Returned, undefined> {
  // Unary and streaming handlers alike are generators; each step runs with the span active.
  while (true) {
    const step = await context.with(active, () => handler.next());
    if (step.done) return step.value;
    yield step.value;
  }
}

function statusOf(error: unknown): Status {
  if (error instanceof ServerError) return error.code;
  if (isAbortError(error)) return Status.CANCELLED;
  return Status.UNKNOWN;
}

function recordFailure(span: Span, code: Status, error: unknown): void {
  if (CALLER_MISTAKES.has(code)) return;
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? error.message : String(error),
  });
  if (!(error instanceof ServerError)) span.recordException(error as Error);
}
