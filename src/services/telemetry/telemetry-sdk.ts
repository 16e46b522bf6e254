import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { RuntimeNodeInstrumentation } from '@opentelemetry/instrumentation-runtime-node';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { PROJECT_ROOT } from '../shared/project-root.ts';
import { serviceInstanceId } from '../shared/service-instance-id.ts';
import { KafkaJsMetricsOnly } from './kafkajs-metrics-only.ts';

/** Modules the instrumentations patch; only these go through the ESM loader hook. */
export const INSTRUMENTED_MODULES = ['pg', 'pg-pool', 'kafkajs', 'pino'];

const packageJson = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
  version: string;
};

/**
 * Traces, metrics and logs over OTLP, configured by the standard `OTEL_*` variables (service name,
 * endpoint, export interval, `OTEL_SDK_DISABLED`). gRPC is instrumented by the servers' own middleware,
 * so there is no gRPC auto-instrumentation here: one span per call, not two.
 */
export function startTelemetry(): NodeSDK {
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_VERSION]: packageJson.version,
      // Readable in Prometheus's `instance` label, and distinct for each process on a host.
      'service.instance.id': serviceInstanceId(),
    }),
    instrumentations: [
      new PgInstrumentation({ requireParentSpan: true }),
      // Its metrics, not its spans: the totals keeper makes one span per record itself.
      new KafkaJsMetricsOnly(),
      // Adds trace_id and span_id to every JSON log line and sends each record as an OTel log too.
      new PinoInstrumentation(),
      new RuntimeNodeInstrumentation(),
    ],
  });
  sdk.start();
  return sdk;
}
