import path from 'node:path';
import { CONTAINER_COMMANDS, TELEMETRY_MODULE } from '../../services/container/container-commands.ts';
import { grpcServing } from '../../services/shared/grpc-serving.ts';
import type { GrpcTarget } from '../../services/shared/grpc-target.ts';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { SERVICE_HEAP_FLAGS } from '../../services/shared/service-node-flags.ts';
import { calculatorUrl, totalsUrl } from './database-urls.ts';
import { linkPort, throughLink } from './fault-proxies.ts';
import type { Component, ComponentContext } from './stack-component.ts';
import { calculatorTarget, stackGrpcServerEnv, totalsTarget } from './stack-grpc.ts';
import { stackKafkaSecurityConfig } from './stack-kafka-client.ts';
import type { StackSettings } from './stack-settings.ts';

const NODE_FLAGS = [
  ...SERVICE_HEAP_FLAGS,
  // OpenTelemetry starts before any application module so it can instrument pg, kafkajs and pino.
  `--import=${path.join(PROJECT_ROOT, TELEMETRY_MODULE)}`,
];

/** The standard OpenTelemetry SDK variables: OTLP over HTTP to the stack's Collector. */
export function telemetryEnv(settings: StackSettings, serviceName: string): Record<string, string> {
  return {
    OTEL_SERVICE_NAME: serviceName,
    OTEL_EXPORTER_OTLP_ENDPOINT: settings.otlpEndpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    // Prometheus scrapes every 5 s; metrics older than that would make rates step.
    OTEL_METRIC_EXPORT_INTERVAL: '5000',
    OTEL_BSP_SCHEDULE_DELAY: '1000',
    // Parent-based: a trace the caller sampled is recorded end to end, through the outbox to the total.
    OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
    OTEL_TRACES_SAMPLER_ARG: String(settings.STACK_TRACE_SAMPLE_RATIO),
  };
}

/** One of the project's own services, run from its `main.ts`, ready when its gRPC health says so. */
function nodeService(
  name: 'calculator' | 'totals',
  /** Made when first probed: the stack's CA may not exist before the stack starts. */
  target: () => GrpcTarget,
  env: Record<string, string>,
): Component {
  return {
    name,
    process: () => ({
      name,
      command: process.execPath,
      args: [...NODE_FLAGS, path.join(PROJECT_ROOT, CONTAINER_COMMANDS[name].module)],
      env,
      stopTimeoutMs: 25_000,
    }),
    ready: () => grpcServing(target())(),
    readyTimeoutMs: 60_000,
  };
}

export function calculatorService({ settings, secrets }: ComponentContext): Component {
  return nodeService('calculator', () => calculatorTarget(settings), {
    CALCULATOR_GRPC_PORT: String(settings.CALCULATOR_GRPC_PORT),
    ...stackGrpcServerEnv(settings),
    CALCULATOR_DATABASE_URL: throughLink(settings, calculatorUrl(settings, secrets), 'calculator-postgres'),
    ...telemetryEnv(settings, 'calculator'),
  });
}

export function totalsService({ settings, secrets }: ComponentContext): Component {
  return nodeService('totals', () => totalsTarget(settings), {
    TOTALS_GRPC_PORT: String(settings.TOTALS_GRPC_PORT),
    ...stackGrpcServerEnv(settings),
    TOTALS_DATABASE_URL: throughLink(settings, totalsUrl(settings, secrets), 'totals-postgres'),
    KAFKA_BROKERS: `${settings.host}:${linkPort(settings, 'totals-kafka')}`,
    ...stackKafkaSecurityConfig(settings, 'totals'),
    ...telemetryEnv(settings, 'totals'),
  });
}
