import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { applyConnectors } from './apply-connectors.ts';
import { adminUrl, calculatorUrl, DEBEZIUM_ROLE, postgresHostAndPort, totalsUrl } from './database-urls.ts';
import {
  initialiseClusterOnce,
  letPostgresUserReach,
  postgresArguments,
  postgresBinary,
  postgresUserIds,
  stopStrayPostgres,
} from './embedded-postgres-cluster.ts';
import { ensureTopics } from './ensure-topics.ts';
import { libDir, pluginDir } from './fetch-jars.ts';
import { migrateServiceDatabases } from './migrate-service-databases.ts';
import type { ProcessSpec } from './process-supervisor.ts';
import { grantRelayAccess, provisionDatabases } from './provision-databases.ts';
import {
  connectHasPlugin,
  grpcServing,
  kafkaAnswers,
  type Probe,
  postgresAccepts,
} from './readiness-probes.ts';
import { renderTemplate } from './render-template.ts';
import type { StackSecrets } from './stack-secrets.ts';
import { PROJECT_ROOT, type StackSettings } from './stack-settings.ts';

export interface Component {
  name: string;
  /** Work before the process starts (initdb, storage format, rendering config). */
  prepare?: () => Promise<void>;
  /** Absent for a step that runs no process of its own. */
  process?: () => ProcessSpec;
  ready?: Probe;
  readyTimeoutMs?: number;
  /** Work once it is ready (provisioning, migrations, the connector). */
  afterReady?: () => Promise<void>;
}

const node = process.execPath;
// kafkajs schedules a negative timeout in its request queue; Node 24 warns each time. It is harmless.
const nodeFlags = ['--disable-warning=TimeoutNegativeWarning'];
const stackFile = (...parts: string[]) => path.join(PROJECT_ROOT, 'stack', ...parts);

function javaProcess(settings: StackSettings, name: string, mainClass: string, args: string[], heap: string) {
  return {
    command: 'java',
    args: [
      `-Xms${heap}`,
      `-Xmx${heap}`,
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${stackFile('log4j2.properties')}`,
      `-Dkafka.logs.dir=${path.join(settings.logDir, name)}`,
      '-cp',
      `${libDir(settings)}/*`,
      mainClass,
      ...args,
    ],
  };
}

/** The stack in start order: each part starts once the one before it is ready. */
export function stackComponents(
  settings: StackSettings,
  secrets: StackSecrets,
  log: (line: string) => void,
): Component[] {
  const kafkaProperties = path.join(settings.renderedConfigDir, 'kafka-server.properties');
  const connectProperties = path.join(settings.renderedConfigDir, 'connect-distributed.properties');
  const database = postgresHostAndPort(settings);
  const components: Component[] = [];

  if (!settings.STACK_POSTGRES_ADMIN_URL) {
    components.push({
      name: 'postgres',
      prepare: async () => {
        stopStrayPostgres(settings, log);
        letPostgresUserReach(settings, log);
        if (initialiseClusterOnce(settings)) log('postgres: created a new cluster');
      },
      process: () => ({
        name: 'postgres',
        command: postgresBinary(),
        args: postgresArguments(settings),
        env: { LC_MESSAGES: 'C' },
        stopTimeoutMs: 30_000,
        runAs: process.getuid?.() === 0 ? postgresUserIds() : undefined,
      }),
      ready: postgresAccepts(adminUrl(settings, secrets)),
      readyTimeoutMs: 60_000,
    });
  }

  components.push(
    {
      name: 'database-schema',
      afterReady: async () => {
        await provisionDatabases(settings, secrets);
        await migrateServiceDatabases(settings, secrets, log);
        await grantRelayAccess(settings, secrets);
      },
    },
    {
      name: 'kafka',
      prepare: async () => {
        renderTemplate(stackFile('kafka', 'server.properties'), kafkaProperties, {
          KAFKA_PORT: String(settings.KAFKA_PORT),
          KAFKA_CONTROLLER_PORT: String(settings.KAFKA_CONTROLLER_PORT),
          KAFKA_DATA_DIR: settings.kafkaDataDir,
        });
        if (!existsSync(path.join(settings.kafkaDataDir, 'meta.properties'))) {
          const format = javaProcess(
            settings,
            'kafka-storage',
            'kafka.tools.StorageTool',
            [
              'format',
              '--standalone',
              '--ignore-formatted',
              '--cluster-id',
              'outbox-pipeline-local0',
              '--config',
              kafkaProperties,
            ],
            '256m',
          );
          execFileSync(format.command, format.args, { stdio: 'pipe' });
          log('kafka: formatted KRaft storage');
        }
      },
      process: () => ({
        name: 'kafka',
        ...javaProcess(settings, 'kafka', 'kafka.Kafka', [kafkaProperties], '768m'),
        env: {},
        stopTimeoutMs: 30_000,
      }),
      ready: kafkaAnswers(settings.kafkaBootstrap),
      readyTimeoutMs: 90_000,
      afterReady: () => ensureTopics(settings.kafkaBootstrap, log),
    },
    {
      name: 'connect',
      prepare: async () => {
        renderTemplate(stackFile('connect', 'connect-distributed.properties'), connectProperties, {
          KAFKA_PORT: String(settings.KAFKA_PORT),
          CONNECT_PORT: String(settings.CONNECT_PORT),
          CONNECT_PLUGIN_DIR: pluginDir(settings),
        });
      },
      process: () => ({
        name: 'connect',
        ...javaProcess(
          settings,
          'connect',
          'org.apache.kafka.connect.cli.ConnectDistributed',
          [connectProperties],
          '1g',
        ),
        // Connector configs name these as ${env:...}; the password never appears in a config file.
        env: {
          CALCULATOR_DB_HOST: database.host,
          CALCULATOR_DB_PORT: database.port,
          CALCULATOR_DB_NAME: 'calculator',
          DEBEZIUM_DB_USER: DEBEZIUM_ROLE,
          DEBEZIUM_DB_PASSWORD: secrets.debeziumPassword,
        },
        stopTimeoutMs: 30_000,
      }),
      ready: connectHasPlugin(settings.connectUrl, 'PostgresConnector'),
      readyTimeoutMs: 120_000,
      afterReady: () => applyConnectors(settings.connectUrl, path.join(PROJECT_ROOT, 'connectors'), log),
    },
    {
      name: 'calculator',
      process: () => ({
        name: 'calculator',
        command: node,
        args: [...nodeFlags, path.join(PROJECT_ROOT, 'src', 'calculator', 'main.ts')],
        env: {
          CALCULATOR_GRPC_PORT: String(settings.CALCULATOR_GRPC_PORT),
          CALCULATOR_DATABASE_URL: calculatorUrl(settings, secrets),
        },
        stopTimeoutMs: 25_000,
      }),
      ready: grpcServing(settings.calculatorAddress),
      readyTimeoutMs: 60_000,
    },
    {
      name: 'totals',
      process: () => ({
        name: 'totals',
        command: node,
        args: [...nodeFlags, path.join(PROJECT_ROOT, 'src', 'totals', 'main.ts')],
        env: {
          TOTALS_GRPC_PORT: String(settings.TOTALS_GRPC_PORT),
          TOTALS_DATABASE_URL: totalsUrl(settings, secrets),
          KAFKA_BROKERS: settings.kafkaBootstrap,
        },
        stopTimeoutMs: 25_000,
      }),
      ready: grpcServing(settings.totalsAddress),
      readyTimeoutMs: 60_000,
    },
  );
  return components;
}
