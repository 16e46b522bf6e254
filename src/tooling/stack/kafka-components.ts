import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { applyConnectors } from '../../services/jobs/apply-connectors.ts';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { DEBEZIUM_ROLE, debeziumTlsEnvironment, postgresHostAndPort } from './database-urls.ts';
import { ensureTopics } from './ensure-topics.ts';
import { jmxExporterAgent, libDir, pluginDir } from './fetch-jars.ts';
import { connectHasPlugin, kafkaAnswers } from './readiness-probes.ts';
import { renderTemplate } from './render-template.ts';
import type { Component, ComponentContext } from './stack-component.ts';
import type { StackSettings } from './stack-settings.ts';

const stackFile = (...parts: string[]) => path.join(PROJECT_ROOT, 'stack', ...parts);

/** Serves the JVM's MBeans that `config` selects as Prometheus metrics on loopback, at `port`. */
interface MetricsAgent {
  port: number;
  config: string;
}

function javaProcess(
  settings: StackSettings,
  name: string,
  mainClass: string,
  args: string[],
  heap: string,
  metrics?: MetricsAgent,
) {
  return {
    command: 'java',
    args: [
      ...(metrics
        ? [`-javaagent:${jmxExporterAgent(settings)}=${settings.host}:${metrics.port}:${metrics.config}`]
        : []),
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

/** One Kafka node in KRaft mode, its storage formatted on first start, and the event topic. */
export function kafkaBroker({ settings, log }: ComponentContext): Component {
  const properties = path.join(settings.renderedConfigDir, 'kafka-server.properties');
  return {
    name: 'kafka',
    prepare: async () => {
      renderTemplate(stackFile('kafka', 'server.properties'), properties, {
        KAFKA_PORT: String(settings.KAFKA_PORT),
        KAFKA_CONTROLLER_PORT: String(settings.KAFKA_CONTROLLER_PORT),
        KAFKA_DATA_DIR: settings.kafkaDataDir,
      });
      if (existsSync(path.join(settings.kafkaDataDir, 'meta.properties'))) return;
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
          properties,
        ],
        '256m',
      );
      execFileSync(format.command, format.args, { stdio: 'pipe' });
      log('kafka: formatted KRaft storage');
    },
    process: () => ({
      name: 'kafka',
      ...javaProcess(settings, 'kafka', 'kafka.Kafka', [properties], '768m', {
        port: settings.KAFKA_JMX_EXPORTER_PORT,
        config: stackFile('kafka', 'jmx-exporter.yaml'),
      }),
      env: {},
      stopTimeoutMs: 30_000,
    }),
    ready: kafkaAnswers(settings.kafkaBootstrap),
    readyTimeoutMs: 90_000,
    afterReady: () => ensureTopics(settings.kafkaBootstrap, log),
  };
}

/** Kafka Connect in distributed mode with the Debezium plugin, and the connectors in `connectors/`. */
export function kafkaConnect({ settings, secrets, log }: ComponentContext): Component {
  const properties = path.join(settings.renderedConfigDir, 'connect-distributed.properties');
  const database = postgresHostAndPort(settings);
  return {
    name: 'connect',
    prepare: async () => {
      renderTemplate(stackFile('connect', 'connect-distributed.properties'), properties, {
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
        [properties],
        '1g',
        { port: settings.CONNECT_JMX_EXPORTER_PORT, config: stackFile('connect', 'jmx-exporter.yaml') },
      ),
      // Connector configs name these as ${env:...}; the password never appears in a config file.
      env: {
        CALCULATOR_DB_HOST: database.host,
        CALCULATOR_DB_PORT: database.port,
        CALCULATOR_DB_NAME: 'calculator',
        DEBEZIUM_DB_USER: DEBEZIUM_ROLE,
        DEBEZIUM_DB_PASSWORD: secrets.debeziumPassword,
        ...debeziumTlsEnvironment(settings),
      },
      stopTimeoutMs: 30_000,
    }),
    ready: connectHasPlugin(settings.connectUrl, 'PostgresConnector'),
    readyTimeoutMs: 120_000,
    afterReady: () => applyConnectors(settings.connectUrl, path.join(PROJECT_ROOT, 'connectors'), log),
  };
}
