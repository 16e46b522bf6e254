import {
  type Attributes,
  type Context,
  propagation,
  ROOT_CONTEXT,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { DecodedRecord } from './decode-message.ts';
import { headerText } from './kafka-headers.ts';
import type { AppliedBatch } from './totals-ledger.ts';
import { totalsMetrics } from './totals-metrics.ts';

const tracer = trace.getTracer('outbox-pipeline/totals');

export interface ReceivedBatch {
  topic: string;
  partition: number;
  /** The totals keeper's consumer group (`messaging.consumer.group.name`). */
  consumerGroup: string;
  records: readonly DecodedRecord[];
  receivedAt: number;
}

export interface BatchDescription {
  topic: string;
  partition: number;
  consumerGroup: string;
  /** Records kafkajs handed over in the batch, before any already applied are set aside. */
  messageCount: number;
}

/**
 * Runs the work on one batch, its transaction included, inside an `apply <topic>` span, so the pg spans
 * of that transaction and the lines logged meanwhile belong to a span that is exported (kafkajs's own
 * spans are not: see `src/telemetry/kafkajs-metrics-only.ts`).
 *
 * The span is the root of a trace of its own: a batch holds records of many traces, one per Add call, so
 * it cannot be the child of any one of them. Each record's `process` span links to it instead. (Links the
 * other way, from this span to every Add span, would run into the SDK's limit of 128 links per span in a
 * large batch.)
 */
export async function inApplySpan<T>(
  batch: BatchDescription,
  work: (applySpan: SpanContext) => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(
    `apply ${batch.topic}`,
    {
      kind: SpanKind.INTERNAL,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.consumer.group.name': batch.consumerGroup,
        'messaging.destination.name': batch.topic,
        'messaging.destination.partition.id': String(batch.partition),
        'messaging.batch.message_count': batch.messageCount,
      },
    },
    ROOT_CONTEXT,
    async (span) => {
      try {
        return await work(span.spanContext());
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** How long each record waited in Kafka: from its timestamp to when the totals keeper got it. */
export function recordTimeInTopic({ partition, records, receivedAt }: ReceivedBatch): void {
  for (const { message } of records) {
    const producedAt = Number(message.timestamp);
    if (Number.isFinite(producedAt) && producedAt > 0)
      totalsMetrics.timeInTopic.record(Math.max(0, receivedAt - producedAt) / 1000, { partition });
  }
}

/**
 * After the batch's transaction committed: the counters, the end-to-end latency of each event it
 * added, and the one `process` span of each record: a child of the calculator's span whose
 * `traceparent` Debezium copied into the record's headers, so a trace runs from the Add call to the
 * running total, linked to the `apply` span of the transaction that applied it.
 */
export function recordAppliedBatch(
  received: ReceivedBatch,
  applied: AppliedBatch,
  applySpan: SpanContext,
): void {
  const committedAt = Date.now();
  if (applied.appliedEvents > 0) totalsMetrics.eventsApplied.add(applied.appliedEvents);
  if (applied.duplicateEvents > 0) totalsMetrics.eventsDuplicates.add(applied.duplicateEvents);

  for (const item of received.records) {
    const { message } = item;
    const span = tracer.startSpan(
      `process ${received.topic}`,
      { kind: SpanKind.CONSUMER, startTime: received.receivedAt, links: [{ context: applySpan }] },
      parentFromHeaders(message),
    );
    // Most records' traces are not sampled: their attributes would be built only to be dropped. The
    // samplers in use decide on the parent and the trace id alone, never on attributes.
    const recording = span.isRecording();
    if (recording) span.setAttributes(messagingAttributes(received, message));
    if (item.kind === 'event') {
      const isNew = applied.appliedEventIds.has(item.event.id);
      if (recording)
        span.setAttributes({
          'calculation.id': item.event.calculationId,
          'totals.outcome': isNew ? 'applied' : 'duplicate',
        });
      if (isNew)
        totalsMetrics.endToEndDuration.record((committedAt - Date.parse(item.event.occurredAt)) / 1000);
    } else {
      totalsMetrics.eventsDeadLettered.add(1, { reason: item.category });
      if (recording)
        span.setAttributes({ 'totals.outcome': 'dead_lettered', 'totals.dead_letter.reason': item.reason });
    }
    span.end(committedAt);
  }
}

function messagingAttributes(received: ReceivedBatch, message: DecodedRecord['message']): Attributes {
  const messageId = headerText(message, 'id');
  return {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.operation.name': 'process',
    'messaging.consumer.group.name': received.consumerGroup,
    'messaging.destination.name': received.topic,
    'messaging.destination.partition.id': String(received.partition),
    'messaging.kafka.offset': Number(message.offset),
    ...(message.key ? { 'messaging.kafka.message.key': message.key.toString('utf8') } : {}),
    ...(messageId === undefined ? {} : { 'messaging.message.id': messageId }),
  };
}

const headerGetter = {
  keys: (headers: Record<string, string>) => Object.keys(headers),
  get: (headers: Record<string, string>, key: string) => headers[key],
};

function parentFromHeaders(message: DecodedRecord['message']): Context {
  const traceparent = headerText(message, 'traceparent');
  if (traceparent === undefined) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, { traceparent }, headerGetter);
}
