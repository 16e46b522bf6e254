import path from 'node:path';
import { CONTAINER_COMMANDS, TELEMETRY_MODULE } from '../../services/container/container-commands.ts';
import { grpcServing } from '../../services/shared/grpc-serving.ts';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { SERVICE_HEAP_FLAGS } from '../../services/shared/service-node-flags.ts';
import { calculatorUrl, totalsUrl } from './database-urls.ts';
import { linkPort, throughLink } from './fault-proxies.ts';
import { type ServiceInstance, serviceInstances } from './service-instances.ts';
import type { Component, ComponentContext } from './stack-component.ts';
import { stackGrpcServerEnv, stackGrpcTarget } from './stack-grpc.ts';
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

/** One instance of the project's own services, run from its `main.ts`, ready when its gRPC health says so. */
function nodeService(
  instance: ServiceInstance,
  settings: StackSettings,
  env: Record<string, string>,
): Component {
  return {
    name: instance.name,
    process: () => ({
      name: instance.name,
      command: process.execPath,
      args: [...NODE_FLAGS, path.join(PROJECT_ROOT, CONTAINER_COMMANDS[instance.kind].module)],
      env,
      stopTimeoutMs: 25_000,
    }),
    // Made when first probed: the stack's CA may not exist before the stack starts.
    ready: () => grpcServing(stackGrpcTarget(settings, instance.address))(),
    readyTimeoutMs: 60_000,
  };
}

export function calculatorServices({ settings, secrets }: ComponentContext): Component[] {
  return serviceInstances(settings, 'calculator').map((instance) =>
    nodeService(instance, settings, {
      CALCULATOR_GRPC_PORT: String(instance.port),
      ...stackGrpcServerEnv(settings),
      CALCULATOR_DATABASE_URL: throughLink(settings, calculatorUrl(settings, secrets), 'calculator-postgres'),
      ...telemetryEnv(settings, 'calculator'),
    }),
  );
}

export function totalsServices({ settings, secrets }: ComponentContext): Component[] {
  return serviceInstances(settings, 'totals').map((instance) =>
    nodeService(instance, settings, {
      TOTALS_GRPC_PORT: String(instance.port),
      ...stackGrpcServerEnv(settings),
      TOTALS_DATABASE_URL: throughLink(settings, totalsUrl(settings, secrets), 'totals-postgres'),
      KAFKA_BROKERS: `${settings.host}:${linkPort(settings, 'totals-kafka')}`,
      ...stackKafkaSecurityConfig(settings, 'totals'),
      ...telemetryEnv(settings, 'totals'),
    }),
  );
}
