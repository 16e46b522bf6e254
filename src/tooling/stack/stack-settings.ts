import path from 'node:path';
import { z } from 'zod';
import { loadConfig, port } from '../../services/shared/load-config.ts';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { readStackScale } from './stack-scale.ts';

/** How many instances of a service the stack runs; unset: as many as it was last started with. */
const instanceCount = () => z.coerce.number().int().min(1).max(8).optional();

/** The local stack's variables; each description is what `npm run config:generate` prints for it. */
export const stackSettingsShape = {
  STACK_DATA_DIR: z
    .string()
    .default(path.join(PROJECT_ROOT, '.data'))
    .describe(
      'Databases, Kafka logs, process logs and telemetry of the local stack (`npm run stack:wipe` deletes it).',
    ),
  STACK_DOWNLOAD_DIR: z
    .string()
    .default(path.join(PROJECT_ROOT, '.stack'))
    .describe('Downloaded jars and built tools (the Collector, k6): a cache, safe to delete.'),
  POSTGRES_PORT: port(25432).describe(
    'Port of the embedded Postgres; with STACK_POSTGRES_HA=on, of the switch that leads to whichever node is ' +
      'primary, the two nodes listening on POSTGRES_PORT + 1 and + 2.',
  ),
  KAFKA_PORT: port(29092).describe("Port of Kafka's broker listener."),
  KAFKA_CONTROLLER_PORT: port(29093).describe("Port of Kafka's KRaft controller listener."),
  CONNECT_PORT: port(28083).describe("Port of Kafka Connect's REST API."),
  CALCULATOR_GRPC_PORT: port(20051).describe("Port of the calculator's gRPC server."),
  TOTALS_GRPC_PORT: port(20052).describe("Port of the totals keeper's gRPC server."),
  COLLECTOR_OTLP_HTTP_PORT: port(24318).describe("Port of the OpenTelemetry Collector's OTLP/HTTP receiver."),
  COLLECTOR_HEALTH_PORT: port(23133).describe("Port of the Collector's health check."),
  COLLECTOR_PROMETHEUS_PORT: port(28889).describe(
    'Port where the Collector exposes the metrics it received.',
  ),
  PROMETHEUS_PORT: port(29090).describe("Port of Prometheus's web UI and API."),
  POSTGRES_EXPORTER_PORT: port(29187).describe("Port of the Postgres exporter's metrics."),
  KAFKA_JMX_EXPORTER_PORT: port(29404).describe("Port of the JMX exporter in Kafka's broker."),
  CONNECT_JMX_EXPORTER_PORT: port(29405).describe('Port of the JMX exporter in Kafka Connect.'),
  STACK_CALCULATORS: instanceCount().describe(
    'How many calculator processes the stack runs, instance k on CALCULATOR_GRPC_PORT + 10·(k−1); the ' +
      "project's clients spread their calls over them round-robin. Unset: as many as the stack was last " +
      'started with, else 1. `npm run stack:up -- --calculators N` is the same.',
  ),
  STACK_TOTALS_KEEPERS: instanceCount().describe(
    'How many totals keepers the stack runs in one consumer group, instance k on TOTALS_GRPC_PORT + ' +
      '10·(k−1); at most CALCULATION_EVENTS_PARTITIONS, as a keeper without a partition has nothing to ' +
      'do. Unset: as many as the stack was last started with, else 1. `npm run stack:up -- --totals N` ' +
      'is the same.',
  ),
  CALCULATION_EVENTS_PARTITIONS: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(3)
    .describe(
      'Partitions of the calculation events topic: the most totals keepers that can share the work. Raised ' +
        'on a running stack by the next `npm run stack:up` (Kafka cannot lower it); see docs/scaling.md.',
    ),
  STACK_POSTGRES_HA: z
    .enum(['on', 'off'])
    .optional()
    .describe(
      "on: the embedded Postgres runs as a primary and a synchronous streaming standby, the connector's slot " +
        'synchronized to the standby (a failover slot), every client reaching the primary through a switch on ' +
        'POSTGRES_PORT; `npm run chaos -- --failover` kills the primary and fails over (docs/failover.md). ' +
        'Unset: as the stack was last started, else off. `npm run stack:up -- --ha` is the same as on.',
    ),
  STACK_FAULT_PROXIES: z
    .enum(['on', 'off'])
    .default('off')
    .describe(
      'on: a Toxiproxy sits on every network hop (services, Debezium and Connect to Postgres and Kafka) so that ' +
        '`npm run chaos` can cut, slow and blackhole each link; the tests start their stack this way. off: ' +
        'every client goes direct, as the benchmark must. `npm run stack:up -- --fault-proxies` is the same as on.',
    ),
  TOXIPROXY_PORT: port(28474).describe("Port of Toxiproxy's API, when the stack runs its fault proxies."),
  FAULT_PROXY_FIRST_PORT: port(28480).describe(
    "First of the seven ports the fault proxies take: five proxies, then Kafka's two listeners behind them.",
  ),
  STACK_TRACE_SAMPLE_RATIO: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(0.1)
    .describe(
      "Share of traces the services record when the caller did not decide (a caller's sampled traceparent " +
        'is always followed); metrics are never sampled.',
    ),
  STACK_SECURITY: z
    .enum(['on', 'off'])
    .default('on')
    .describe(
      'on: every hop of the local stack is encrypted and authenticated (Kafka SASL_SSL with ACLs, Postgres ' +
        'hostssl only, gRPC over TLS). off: all of it plaintext and unauthenticated, for debugging only; the ' +
        'stack warns on every start.',
    ),
  GRPC_TLS_CA_FILE: z
    .string()
    .min(1)
    .optional()
    .describe(
      "PEM CA the project's gRPC clients (demo, k6, bench, chaos, readiness checks) trust, to call servers of " +
        "your own over TLS; unset: the stack's own CA when STACK_SECURITY=on, plaintext when off.",
    ),
  STACK_POSTGRES_ADMIN_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//)
    .optional()
    .describe(
      'A Postgres server of your own instead of the embedded one: an admin URL (a role that can create roles ' +
        'and databases); the stack then runs no Postgres process. Its TLS parameters (sslmode, sslrootcert, ' +
        'sslcert, sslkey, sslnegotiation) go into every URL the stack derives from it.',
    ),
};

/**
 * Where the local stack listens and keeps its files. Every port can be moved with the variable of the
 * same name; all listeners bind to loopback.
 */
export function loadStackSettings(environment: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(stackSettingsShape, environment);
  const dataDir = path.resolve(config.STACK_DATA_DIR);
  const lastStarted = readStackScale(dataDir);
  return Object.freeze({
    ...config,
    calculators: config.STACK_CALCULATORS ?? lastStarted?.calculators ?? 1,
    totalsKeepers: config.STACK_TOTALS_KEEPERS ?? lastStarted?.totalsKeepers ?? 1,
    postgresHa:
      config.STACK_POSTGRES_HA === undefined
        ? (lastStarted?.postgresHa ?? false)
        : config.STACK_POSTGRES_HA === 'on',
    host: '127.0.0.1',
    secured: config.STACK_SECURITY === 'on',
    faultProxies: config.STACK_FAULT_PROXIES === 'on',
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
    toxiproxyUrl: `http://127.0.0.1:${config.TOXIPROXY_PORT}`,
    // The Collector writes every span and log record it receives here, one JSON document a line.
    telemetryDir: path.join(dataDir, 'telemetry'),
  });
}

export type StackSettings = ReturnType<typeof loadStackSettings>;
