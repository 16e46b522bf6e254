import {
  type Attributes,
  type Counter,
  type Histogram,
  INVALID_SPAN_CONTEXT,
  type Span,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import type { EachBatchHandler, EachBatchPayload } from 'kafkajs';

/** A span that records nothing and carries no trace: what the API hands out when no SDK is set. */
const noSpan = (): Span => trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

const NO_SPANS: TracerProvider = {
  getTracer: (): Tracer => ({
    startSpan: noSpan,
    startActiveSpan: ((_name: string, ...rest: unknown[]) =>
      (rest.at(-1) as (span: Span) => unknown)(noSpan())) as Tracer['startActiveSpan'],
  }),
};

/** What the per-batch patch below uses of the instrumentation (version pinned in package.json). */
interface KafkaJsInstrumentationInternals {
  _consumedMessages: Counter;
  _processDuration: Histogram;
  _getConsumerEachBatchPatch: (kafkaClient: unknown) => (original: EachBatchHandler) => EachBatchHandler;
}

/**
 * The instrumentation's `eachBatch` wrapper works per record even with its spans dropped: for each one
 * it extracts the trace context from the headers, starts a span, and records `messaging.process.duration`
 * with its attributes hashed again, all for a duration that is the batch's. This one does the batch's
 * work once: the consumed-messages counter by the batch's count (the dashboards' consumption rate), and
 * one process duration per batch, the operation the handler processes (OpenTelemetry's messaging
 * conventions for batch processing), with `error.type` when the batch fails as the original does.
 */
function perBatchMetrics(internals: KafkaJsInstrumentationInternals) {
  return (original: EachBatchHandler): EachBatchHandler =>
    async function eachBatch(this: unknown, payload: EachBatchPayload) {
      const { batch } = payload;
      const attributes: Attributes = {
        'messaging.system': 'kafka',
        'messaging.operation.name': 'process',
        'messaging.destination.name': batch.topic,
        'messaging.destination.partition.id': String(batch.partition),
      };
      const startedAt = Date.now();
      const record = (errorType?: string) => {
        const recorded = errorType ? { ...attributes, 'error.type': errorType } : attributes;
        internals._consumedMessages.add(batch.messages.length, recorded);
        internals._processDuration.record((Date.now() - startedAt) / 1000, recorded);
      };
      try {
        await original.call(this, payload);
      } catch (error) {
        record(error instanceof Error ? error.constructor.name : '_OTHER');
        throw error;
      }
      record();
    };
}

/**
 * The kafkajs instrumentation for its metrics only (`messaging.client.consumed.messages`,
 * `messaging.process.duration`, `messaging.client.operation.duration`): it never makes a span, and its
 * work for a batch is done once per batch, not once per record (see `perBatchMetrics`).
 *
 * Its spans would duplicate the totals keeper's own. For each batch it opens a `poll` span, the root of
 * a trace of its own, and under it one `process` span per record that only links to the producer; the
 * batch handler runs inside that `poll` span. The totals keeper makes the one `process` span per record
 * itself, a child of the calculator's Add span, and an `apply` span per batch transaction for the pg
 * spans (`src/totals/batch-telemetry.ts`).
 *
 * A tracer that makes nothing is the simplest way to drop exactly these spans and keep the metrics,
 * which come from the meter and are left alone: a sampler is not told a span's instrumentation scope
 * (only its name, which ours share), and a filtering span processor would mean building by hand the
 * exporters the SDK now builds from the `OTEL_*` variables, while still paying for spans made only to be
 * thrown away. Neither service produces to Kafka (Debezium does), so no producer span is lost.
 */
export class KafkaJsMetricsOnly extends KafkaJsInstrumentation {
  constructor(...config: ConstructorParameters<typeof KafkaJsInstrumentation>) {
    super(...config);
    this.setTracerProvider(NO_SPANS);
    // Looked up on the instance when a consumer's run() is patched, so this one is used instead.
    const internals = this as unknown as KafkaJsInstrumentationInternals;
    internals._getConsumerEachBatchPatch = () => perBatchMetrics(internals);
  }

  /** Whatever provider an SDK hands it, it keeps making no spans. */
  override setTracerProvider(_tracerProvider: TracerProvider): void {
    super.setTracerProvider(NO_SPANS);
  }
}
