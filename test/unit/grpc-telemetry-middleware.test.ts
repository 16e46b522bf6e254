import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { type HistogramMetricData, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { createChannel, createClient, Metadata, type Server, ServerError, Status } from 'nice-grpc';
import { HealthDefinition } from 'nice-grpc-server-health';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CalculatorServiceDefinition } from '../../src/generated/calculator/v1/calculator.pb.ts';
import { createLogger } from '../../src/services/shared/logger.ts';

class CollectOnDemand extends MetricReader {
  protected override onForceFlush = async () => {};
  protected override onShutdown = async () => {};
}

const spans = new InMemorySpanExporter();
const reader = new CollectOnDemand();
let server: Server;
let calculator: ReturnType<typeof createClient<typeof CalculatorServiceDefinition>>;
let health: ReturnType<typeof createClient<typeof HealthDefinition>>;
// The span the handler saw as active, to prove the call's span is the context its work runs in.
let activeTraceIdInHandler: string | undefined;

beforeAll(async () => {
  // Globals first: the middleware module creates its instruments when it is imported.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(
    new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] }),
  );
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  const { createGrpcServer, listen } = await import('../../src/services/shared/grpc-server.ts');

  const grpc = createGrpcServer(['calculator.v1.CalculatorService'], createLogger('test', 'fatal'));
  server = grpc.server;
  grpc.health.setStatus('healthy');
  server.add(CalculatorServiceDefinition, {
    async add(request) {
      activeTraceIdInHandler = trace.getActiveSpan()?.spanContext().traceId;
      if (request.a === 'bad') throw new ServerError(Status.INVALID_ARGUMENT, 'a: not a number');
      if (request.a === 'boom') throw new Error('database on fire');
      return { sum: '3', calculationId: 'c' };
    },
  });
  const address = await listen(server, '127.0.0.1', 0);
  const channel = createChannel(address);
  calculator = createClient(CalculatorServiceDefinition, channel);
  health = createClient(HealthDefinition, channel);
});

afterAll(async () => {
  await server?.shutdown();
});

beforeEach(() => {
  spans.reset();
  activeTraceIdInHandler = undefined;
});

async function callDurations(): Promise<HistogramMetricData['dataPoints']> {
  const { resourceMetrics } = await reader.collect();
  const metric = resourceMetrics.scopeMetrics
    .flatMap((scope) => scope.metrics)
    .find((item) => item.descriptor.name === 'rpc.server.call.duration') as HistogramMetricData | undefined;
  return metric?.dataPoints ?? [];
}

function countFor(points: HistogramMetricData['dataPoints'], method: string, code: string): number {
  const point = points.find(
    (item) =>
      item.attributes['rpc.method'] === method && item.attributes['rpc.response.status_code'] === code,
  );
  return point?.value.count ?? 0;
}

const ADD = 'calculator.v1.CalculatorService/Add';

describe('the gRPC telemetry middleware', () => {
  it("makes a server span that continues the caller's traceparent and is active in the handler", async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const callerSpanId = 'b7ad6b7169203331';
    await calculator.add(
      { a: '1', b: '2', idempotencyKey: '' },
      { metadata: Metadata({ traceparent: `00-${traceId}-${callerSpanId}-01` }) },
    );
    const [span] = spans.getFinishedSpans();
    expect(span?.name).toBe(ADD);
    expect(span?.spanContext().traceId).toBe(traceId);
    expect(span?.parentSpanContext?.spanId).toBe(callerSpanId);
    expect(span?.attributes['rpc.response.status_code']).toBe('OK');
    expect(activeTraceIdInHandler).toBe(traceId);
  });

  it('counts calls by status code name, after the error middleware has mapped them', async () => {
    const before = await callDurations();
    await calculator.add({ a: '1', b: '2', idempotencyKey: '' });
    await expect(calculator.add({ a: 'bad', b: '2', idempotencyKey: '' })).rejects.toThrow(/not a number/);
    await expect(calculator.add({ a: 'boom', b: '2', idempotencyKey: '' })).rejects.toThrow(/internal error/);
    const after = await callDurations();
    for (const code of ['OK', 'INVALID_ARGUMENT', 'INTERNAL'])
      expect(countFor(after, ADD, code) - countFor(before, ADD, code), code).toBe(1);
  });

  it("marks the span as an error for the server's failures, not for the caller's mistakes", async () => {
    await expect(calculator.add({ a: 'bad', b: '2', idempotencyKey: '' })).rejects.toThrow();
    await expect(calculator.add({ a: 'boom', b: '2', idempotencyKey: '' })).rejects.toThrow();
    const [callerMistake, serverFailure] = spans.getFinishedSpans();
    expect(callerMistake?.status.code).toBe(0);
    expect(serverFailure?.status.code).toBe(2);
  });

  it('measures health checks without tracing them', async () => {
    const before = countFor(await callDurations(), 'grpc.health.v1.Health/Check', 'OK');
    await health.check({ service: '' });
    expect(countFor(await callDurations(), 'grpc.health.v1.Health/Check', 'OK')).toBe(before + 1);
    expect(spans.getFinishedSpans()).toHaveLength(0);
  });
});
