import { type Context, propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import type { DecodedRecord } from './decode-message.ts';
import { headerText } from './kafka-headers.ts';
import type { AppliedBatch } from './totals-ledger.ts';
import { totalsMetrics } from './totals-metrics.ts';

const tracer = trace.getTracer('outbox-pipeline/totals');

export interface ReceivedBatch {
  topic: string;
  partition: number;
  records: readonly DecodedRecord[];
  receivedAt: number;
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
 * added, and one span per record, a child of the calculator's span whose `traceparent` Debezium copied
 * into the record's headers, so a trace runs from the Add call to the running total.
 */
export function recordAppliedBatch(received: ReceivedBatch, applied: AppliedBatch): void {
  const committedAt = Date.now();
  if (applied.appliedEvents > 0) totalsMetrics.eventsApplied.add(applied.appliedEvents);
  if (applied.duplicateEvents > 0) totalsMetrics.eventsDuplicates.add(applied.duplicateEvents);

  for (const item of received.records) {
    const { message } = item;
    const span = tracer.startSpan(
      `process ${received.topic}`,
      {
        kind: SpanKind.CONSUMER,
        startTime: received.receivedAt,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'process',
          'messaging.destination.name': received.topic,
          'messaging.destination.partition.id': String(received.partition),
          'messaging.kafka.offset': Number(message.offset),
        },
      },
      parentFromHeaders(message),
    );
    if (item.kind === 'event') {
      const isNew = applied.appliedEventIds.has(item.event.id);
      span.setAttributes({
        'messaging.message.id': item.event.id,
        'calculation.id': item.event.calculationId,
        'totals.outcome': isNew ? 'applied' : 'duplicate',
      });
      if (isNew)
        totalsMetrics.endToEndDuration.record((committedAt - Date.parse(item.event.occurredAt)) / 1000);
    } else {
      totalsMetrics.eventsDeadLettered.add(1, { reason: item.category });
      span.setAttributes({ 'totals.outcome': 'dead_lettered', 'totals.dead_letter.reason': item.reason });
    }
    span.end(committedAt);
  }
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
