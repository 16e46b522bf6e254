import { INVALID_SPAN_CONTEXT, type Span, type Tracer, type TracerProvider, trace } from '@opentelemetry/api';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';

/** A span that records nothing and carries no trace: what the API hands out when no SDK is set. */
const noSpan = (): Span => trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

const NO_SPANS: TracerProvider = {
  getTracer: (): Tracer => ({
    startSpan: noSpan,
    startActiveSpan: ((_name: string, ...rest: unknown[]) =>
      (rest.at(-1) as (span: Span) => unknown)(noSpan())) as Tracer['startActiveSpan'],
  }),
};

/**
 * The kafkajs instrumentation for its metrics only (`messaging.client.consumed.messages`,
 * `messaging.process.duration`, `messaging.client.operation.duration`): it never makes a span.
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
  }

  /** Whatever provider an SDK hands it, it keeps making no spans. */
  override setTracerProvider(_tracerProvider: TracerProvider): void {
    super.setTracerProvider(NO_SPANS);
  }
}
