import path from 'node:path';
import { z } from 'zod';
import { loadConfig, port } from '../../services/shared/load-config.ts';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';

/**
 * Where the local stack listens and keeps its files. Every port can be moved with the variable of the
 * same name; all listeners bind to loopback.
 */
export function loadStackSettings(environment: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(
    {
      STACK_DATA_DIR: z.string().default(path.join(PROJECT_ROOT, '.data')),
      STACK_DOWNLOAD_DIR: z.string().default(path.join(PROJECT_ROOT, '.stack')),
      POSTGRES_PORT: port(55432),
      KAFKA_PORT: port(59092),
      KAFKA_CONTROLLER_PORT: port(59093),
      CONNECT_PORT: port(58083),
      CALCULATOR_GRPC_PORT: port(50051),
      TOTALS_GRPC_PORT: port(50052),
      COLLECTOR_OTLP_HTTP_PORT: port(54318),
      COLLECTOR_HEALTH_PORT: port(53133),
      COLLECTOR_PROMETHEUS_PORT: port(58889),
      PROMETHEUS_PORT: port(59090),
      POSTGRES_EXPORTER_PORT: port(59187),
      KAFKA_JMX_EXPORTER_PORT: port(59404),
      // Share of traces the services record when the caller did not decide (a caller's sampled
      // traceparent is always followed). Metrics are never sampled.
      STACK_TRACE_SAMPLE_RATIO: z.coerce.number().min(0).max(1).default(0.1),
      CONNECT_JMX_EXPORTER_PORT: port(59405),
      // A server of your own instead of the embedded one: an admin URL (a role that can create roles and
      // databases); the stack then runs no Postgres process.
      STACK_POSTGRES_ADMIN_URL: z
        .string()
        .regex(/^postgres(ql)?:\/\//)
        .optional(),
    },
    environment,
  );
  const dataDir = path.resolve(config.STACK_DATA_DIR);
  return Object.freeze({
    ...config,
    host: '127.0.0.1',
    dataDir,
    downloadDir: path.resolve(config.STACK_DOWNLOAD_DIR),
    logDir: path.join(dataDir, 'logs'),
    renderedConfigDir: path.join(dataDir, 'config'),
    postgresDataDir: path.join(dataDir, 'postgres'),
    kafkaDataDir: path.join(dataDir, 'kafka'),
    pm2Home: path.join(dataDir, 'pm2'),
    kafkaBootstrap: `127.0.0.1:${config.KAFKA_PORT}`,
    connectUrl: `http://127.0.0.1:${config.CONNECT_PORT}`,
    calculatorAddress: `127.0.0.1:${config.CALCULATOR_GRPC_PORT}`,
    totalsAddress: `127.0.0.1:${config.TOTALS_GRPC_PORT}`,
    otlpEndpoint: `http://127.0.0.1:${config.COLLECTOR_OTLP_HTTP_PORT}`,
    prometheusUrl: `http://127.0.0.1:${config.PROMETHEUS_PORT}`,
    // The Collector writes every span and log record it receives here, one JSON document a line.
    telemetryDir: path.join(dataDir, 'telemetry'),
  });
}

export type StackSettings = ReturnType<typeof loadStackSettings>;
