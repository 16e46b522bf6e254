import { randomUUID } from 'node:crypto';
import { context, metrics, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  type HistogramMetricData,
  MeterProvider,
  MetricReader,
  type SumMetricData,
} from '@opentelemetry/sdk-metrics';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import type { EachBatchHandler, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CALCULATION_EVENTS_TOPIC,
  CALCULATION_RECORDED_V1,
  calculationRecorded,
} from '../../src/services/shared/calculation-recorded-event.ts';
import { decodeRecord } from '../../src/services/totals/decode-message.ts';

class CollectOnDemand extends MetricReader {
  protected override onForceFlush = async () => {};
  protected override onShutdown = async () => {};
}

const spans = new InMemorySpanExporter();
const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });
const reader = new CollectOnDemand();
const meterProvider = new MeterProvider({ readers: [reader] });
const GROUP = 'totals-keeper';
const PARTITION = 2;

let batchTelemetry: typeof import('../../src/services/totals/batch-telemetry.ts');
let instrumentation: import('../../src/services/telemetry/kafkajs-metrics-only.ts').KafkaJsMetricsOnly;
interface StandInConsumer {
  run(config: { eachBatch: EachBatchHandler }): Promise<void>;
}
/** A consumer made by the patched `Kafka.prototype.consumer`: its `run` is the instrumentation's. */
let consumer: StandInConsumer;
/** The config that `run` passed on, its `eachBatch` wrapped by the instrumentation. */
const passedOn: { config?: { eachBatch: EachBatchHandler } } = {};

beforeAll(async () => {
  // Globals first: the totals keeper's instruments are made when their module is imported.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  batchTelemetry = await import('../../src/services/totals/batch-telemetry.ts');

  const { KafkaJsMetricsOnly } = await import('../../src/services/telemetry/kafkajs-metrics-only.ts');
  instrumentation = new KafkaJsMetricsOnly();
  // What an SDK may do with every instrumentation: a real tracer provider, and the meter provider.
  instrumentation.setTracerProvider(tracerProvider);
  instrumentation.setMeterProvider(meterProvider);
  // The instrumentation's own patch of the kafkajs module, applied to a stand-in with kafkajs's shape
  // (`Kafka.prototype.consumer` returning a consumer with `run`), so no broker is needed.
  class StandInKafka {
    consumer(): StandInConsumer & { events: object; on: () => void } {
      return {
        events: {},
        on: () => {},
        run: async (config: { eachBatch: EachBatchHandler }) => {
          passedOn.config = config;
        },
      };
    }
  }
  const [kafkajs] = instrumentation.getModuleDefinitions();
  kafkajs?.patch?.({ Kafka: StandInKafka });
  consumer = new StandInKafka().consumer();
});

afterAll(() => {
  instrumentation?.disable();
});

beforeEach(() => {
  spans.reset();
});

/** The calculator's Add span, as its traceparent reaches the record's headers. */
function addSpan() {
  return { traceId: randomUUID().replaceAll('-', ''), spanId: randomUUID().replaceAll('-', '').slice(0, 16) };
}

function eventMessage(offset: number, traceparent?: string) {
  const event = calculationRecorded({ id: randomUUID(), a: '40.5', b: '1.5', sum: '42' }, new Date());
  const message: KafkaMessage = {
    key: Buffer.from(event.calculationId),
    value: Buffer.from(JSON.stringify(event)),
    headers: {
      id: Buffer.from(event.id),
      eventType: Buffer.from(CALCULATION_RECORDED_V1),
      ...(traceparent ? { traceparent: Buffer.from(traceparent) } : {}),
    },
    offset: String(offset),
    timestamp: String(Date.now()),
    attributes: 0,
  };
  return { event, message };
}

/**
 * What the totals keeper's batch handler does with telemetry (`src/services/totals/totals-consumer.ts`): the
 * work in an `apply` span, a query in it (the pg instrumentation's span is a child of the active span),
 * then a `process` span per record once committed.
 */
const handler: EachBatchHandler = async ({ batch }) => {
  const description = {
    topic: batch.topic,
    partition: batch.partition,
    consumerGroup: GROUP,
    messageCount: batch.messages.length,
  };
  await batchTelemetry.inApplySpan(description, async (applySpan) => {
    trace.getTracer('stand-in for the pg instrumentation').startSpan('pg.query:COMMIT').end();
    const records = batch.messages.map(decodeRecord);
    const appliedEventIds = new Set(
      records.flatMap((record) => (record.kind === 'event' ? [record.event.id] : [])),
    );
    batchTelemetry.recordAppliedBatch(
      {
        topic: batch.topic,
        partition: batch.partition,
        consumerGroup: GROUP,
        records,
        receivedAt: Date.now(),
      },
      { appliedEventIds, appliedEvents: appliedEventIds.size, duplicateEvents: 0, deadLettered: 0 },
      applySpan,
    );
  });
};

/** Hands one batch to the consumer's `eachBatch` as the instrumentation wrapped it. */
async function consume(messages: KafkaMessage[]): Promise<void> {
  delete passedOn.config;
  await consumer.run({ eachBatch: handler });
  // Set by the stand-in's run, which the compiler cannot see from here.
  const config = passedOn.config as { eachBatch: EachBatchHandler } | undefined;
  expect(config, 'run passed on its config').toBeDefined();
  const batch = { topic: CALCULATION_EVENTS_TOPIC, partition: PARTITION, messages };
  await config?.eachBatch({ batch } as unknown as EachBatchPayload);
}

const processSpans = () => spans.getFinishedSpans().filter((span) => span.name.startsWith('process '));
const named = (name: string) => spans.getFinishedSpans().filter((span) => span.name === name);

async function metricNamed<T>(name: string): Promise<T | undefined> {
  const { resourceMetrics } = await reader.collect();
  return resourceMetrics.scopeMetrics
    .flatMap((scope) => scope.metrics)
    .find((metric) => metric.descriptor.name === name) as T | undefined;
}

describe("the totals keeper's consumer telemetry", () => {
  it('makes exactly one process span per record, a child of the Add span, with the messaging attributes', async () => {
    const add = addSpan();
    const { event, message } = eventMessage(41, `00-${add.traceId}-${add.spanId}-01`);
    await consume([message]);

    const [process, ...others] = processSpans();
    expect(others).toEqual([]);
    expect(process?.name).toBe(`process ${CALCULATION_EVENTS_TOPIC}`);
    expect(process?.kind).toBe(SpanKind.CONSUMER);
    expect(process?.spanContext().traceId).toBe(add.traceId);
    expect(process?.parentSpanContext?.spanId).toBe(add.spanId);
    expect(process?.attributes).toEqual({
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.operation.name': 'process',
      'messaging.consumer.group.name': GROUP,
      'messaging.destination.name': CALCULATION_EVENTS_TOPIC,
      'messaging.destination.partition.id': String(PARTITION),
      'messaging.kafka.offset': 41,
      'messaging.kafka.message.key': event.calculationId,
      'messaging.message.id': event.id,
      'calculation.id': event.calculationId,
      'totals.outcome': 'applied',
    });
  });

  it("drops the kafkajs instrumentation's poll and process spans, and keeps its metrics", async () => {
    const before = await metricNamed<SumMetricData>('messaging.client.consumed.messages');
    const consumedBefore = before?.dataPoints.reduce((sum, point) => sum + point.value, 0) ?? 0;
    const add = addSpan();
    await consume([eventMessage(7, `00-${add.traceId}-${add.spanId}-01`).message]);

    const fromKafkajs = spans
      .getFinishedSpans()
      .filter((span) => span.instrumentationScope.name === '@opentelemetry/instrumentation-kafkajs');
    expect(fromKafkajs).toEqual([]);
    expect(named(`poll ${CALCULATION_EVENTS_TOPIC}`)).toEqual([]);
    expect(processSpans()).toHaveLength(1);

    const consumed = await metricNamed<SumMetricData>('messaging.client.consumed.messages');
    const point = consumed?.dataPoints.find(
      (item) => item.attributes['messaging.destination.partition.id'] === String(PARTITION),
    );
    expect(point?.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.operation.name': 'process',
      'messaging.destination.name': CALCULATION_EVENTS_TOPIC,
    });
    expect((consumed?.dataPoints.reduce((sum, item) => sum + item.value, 0) ?? 0) - consumedBefore).toBe(1);
    const duration = await metricNamed<HistogramMetricData>('messaging.process.duration');
    expect(duration?.dataPoints.reduce((sum, item) => sum + item.value.count, 0)).toBeGreaterThan(0);
  });

  it('counts every record of a batch and times the batch once, not once per record', async () => {
    const total = async <T extends SumMetricData | HistogramMetricData>(name: string) => {
      const metric = await metricNamed<T>(name);
      return (metric?.dataPoints ?? []).reduce(
        (sum, point) => sum + (typeof point.value === 'number' ? point.value : point.value.count),
        0,
      );
    };
    const consumedBefore = await total<SumMetricData>('messaging.client.consumed.messages');
    const batchesBefore = await total<HistogramMetricData>('messaging.process.duration');
    await consume([eventMessage(30).message, eventMessage(31).message, eventMessage(32).message]);
    expect((await total<SumMetricData>('messaging.client.consumed.messages')) - consumedBefore).toBe(3);
    expect((await total<HistogramMetricData>('messaging.process.duration')) - batchesBefore).toBe(1);
  });

  it('labels the metrics of a failed batch with its error type and lets the error through', async () => {
    delete passedOn.config;
    const failure = new TypeError('could not apply');
    await consumer.run({
      eachBatch: async () => {
        throw failure;
      },
    });
    const batch = {
      topic: CALCULATION_EVENTS_TOPIC,
      partition: PARTITION,
      messages: [eventMessage(40).message],
    };
    // Set by the stand-in's run, which the compiler cannot see from here.
    const config = passedOn.config as { eachBatch: EachBatchHandler } | undefined;
    await expect(config?.eachBatch({ batch } as unknown as EachBatchPayload)).rejects.toBe(failure);
    const duration = await metricNamed<HistogramMetricData>('messaging.process.duration');
    expect(duration?.dataPoints.map((point) => point.attributes['error.type'])).toContain('TypeError');
  });

  it("hangs the batch's queries off an apply span of its own, which each process span links to", async () => {
    const add = addSpan();
    await consume([
      eventMessage(10, `00-${add.traceId}-${add.spanId}-01`).message,
      eventMessage(11, `00-${addSpan().traceId}-${addSpan().spanId}-01`).message,
    ]);
    const [apply, ...moreApplies] = named(`apply ${CALCULATION_EVENTS_TOPIC}`);
    expect(moreApplies).toEqual([]);
    // The root of its own trace: records of many traces share the batch.
    expect(apply?.parentSpanContext).toBeUndefined();
    expect(apply?.attributes).toEqual({
      'messaging.system': 'kafka',
      'messaging.consumer.group.name': GROUP,
      'messaging.destination.name': CALCULATION_EVENTS_TOPIC,
      'messaging.destination.partition.id': String(PARTITION),
      'messaging.batch.message_count': 2,
    });
    const [query] = named('pg.query:COMMIT');
    expect(query?.parentSpanContext?.spanId).toBe(apply?.spanContext().spanId);
    expect(query?.spanContext().traceId).toBe(apply?.spanContext().traceId);

    const processes = processSpans();
    expect(processes).toHaveLength(2);
    for (const process of processes)
      expect(process.links.map((link) => link.context.spanId)).toEqual([apply?.spanContext().spanId]);
    // Every span has its parent among the exported spans, or is a root, or continues the Add call.
    const ids = new Set(spans.getFinishedSpans().map((span) => span.spanContext().spanId));
    for (const span of spans.getFinishedSpans() as ReadableSpan[]) {
      const parent = span.parentSpanContext;
      if (parent && !parent.isRemote) expect(ids.has(parent.spanId), span.name).toBe(true);
    }
  });

  it('records no span for a record whose trace the calculator did not sample, and still counts it', async () => {
    const add = addSpan();
    const before = await metricNamed<HistogramMetricData>('totals.end_to_end.duration');
    const countBefore = before?.dataPoints.reduce((sum, point) => sum + point.value.count, 0) ?? 0;
    await consume([eventMessage(50, `00-${add.traceId}-${add.spanId}-00`).message]);
    expect(processSpans()).toEqual([]);
    const after = await metricNamed<HistogramMetricData>('totals.end_to_end.duration');
    expect((after?.dataPoints.reduce((sum, point) => sum + point.value.count, 0) ?? 0) - countBefore).toBe(1);
  });

  it('a record without a traceparent starts its own trace; an unreadable one is still one span', async () => {
    const { message: untraced } = eventMessage(20);
    const unreadable: KafkaMessage = {
      ...eventMessage(21).message,
      value: Buffer.from('not json'),
    };
    await consume([untraced, unreadable]);
    const [first, second] = processSpans();
    expect(first?.parentSpanContext).toBeUndefined();
    expect(second?.attributes['totals.outcome']).toBe('dead_lettered');
    expect(second?.attributes['messaging.message.id']).toBe(unreadable.headers?.id?.toString());
  });

  it('marks the apply span as failed when the batch fails, and lets the error through', async () => {
    const failure = new Error('could not serialize access');
    await expect(
      batchTelemetry.inApplySpan(
        { topic: CALCULATION_EVENTS_TOPIC, partition: 0, consumerGroup: GROUP, messageCount: 1 },
        async () => {
          throw failure;
        },
      ),
    ).rejects.toBe(failure);
    const [apply] = named(`apply ${CALCULATION_EVENTS_TOPIC}`);
    expect(apply?.status).toMatchObject({ code: 2, message: 'could not serialize access' });
    expect(apply?.events.map((item) => item.name)).toEqual(['exception']);
  });
});
