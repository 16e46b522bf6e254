import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Kafka } from 'kafkajs';
import { applyConnectors } from '../../services/jobs/apply-connectors.ts';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { DEBEZIUM_ROLE, debeziumTlsEnvironment, postgresHostAndPort } from './database-urls.ts';
import { ensureTopics } from './ensure-topics.ts';
import { linkPort } from './fault-proxies.ts';
import { pluginDir } from './fetch-jars.ts';
import { javaProcess, stackFile } from './java-process.ts';
import { ensureAcls } from './kafka-acls.ts';
import { formatStorage, renderBrokerProperties } from './kafka-broker-files.ts';
import { KAFKA_USERS } from './kafka-principals.ts';
import {
  markScramUsers,
  scramFormatArguments,
  scramUsersMatch,
  setScramUsersThroughPlaintextBroker,
} from './kafka-scram-users.ts';
import { connectHasPlugin, kafkaAnswers } from './readiness-probes.ts';
import { fillTemplate } from './render-template.ts';
import { stackTlsFiles } from './stack-certificates.ts';
import type { Component, ComponentContext } from './stack-component.ts';
import { stackKafka } from './stack-kafka-client.ts';

/**
 * One Kafka node in KRaft mode, its storage formatted on first start; then its SCRAM users, the event
 * topic and, when secured, the ACLs.
 */
export function kafkaBroker(context: ComponentContext): Component {
  const { settings, secrets, log } = context;
  const properties = path.join(settings.renderedConfigDir, 'kafka-server.properties');
  // Made on first use: the stack's CA does not exist yet when the components are listed.
  let probeClient: Kafka | undefined;
  return {
    name: 'kafka',
    prepare: async () => {
      renderBrokerProperties(context, properties);
      if (!existsSync(path.join(settings.kafkaDataDir, 'meta.properties'))) {
        formatStorage(settings, properties, settings.secured ? scramFormatArguments(secrets) : []);
        if (settings.secured) markScramUsers(settings, secrets);
        log('kafka: formatted KRaft storage');
      } else if (settings.secured && !scramUsersMatch(settings, secrets)) {
        const plaintext = path.join(settings.renderedConfigDir, 'kafka-server-plaintext.properties');
        renderBrokerProperties(context, plaintext, false);
        const broker = javaProcess(settings, 'kafka-scram-setup', 'kafka.Kafka', [plaintext], '512m');
        try {
          await setScramUsersThroughPlaintextBroker(settings, secrets, broker, log);
        } finally {
          rmSync(plaintext, { force: true });
        }
      }
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
    ready: async () => {
      probeClient ??= stackKafka(settings, {
        clientId: 'stack-probe',
        connectionTimeout: 2_000,
        retry: { retries: 0 },
      });
      await kafkaAnswers(probeClient)();
    },
    readyTimeoutMs: 90_000,
    afterReady: async () => {
      const kafka = stackKafka(settings, { clientId: 'stack-setup' });
      await ensureTopics(kafka, settings.CALCULATION_EVENTS_PARTITIONS, log);
      if (settings.secured) await ensureAcls(kafka);
    },
  };
}

/** Kafka Connect in distributed mode with the Debezium plugin, and the connectors in `connectors/`. */
export function kafkaConnect(context: ComponentContext): Component {
  const { settings, secrets, log } = context;
  const properties = path.join(settings.renderedConfigDir, 'connect-distributed.properties');
  const database = postgresHostAndPort(settings);
  return {
    name: 'connect',
    prepare: async () => {
      const values = {
        KAFKA_PORT: String(linkPort(settings, 'connect-kafka')),
        CONNECT_PORT: String(settings.CONNECT_PORT),
        CONNECT_PLUGIN_DIR: pluginDir(settings),
        KAFKA_CONNECT_USER: KAFKA_USERS.connect,
        KAFKA_CA_FILE: stackTlsFiles(settings).caFile,
      };
      writeFileSync(
        properties,
        fillTemplate(stackFile('connect', 'connect-distributed.properties'), values) +
          (settings.secured ? fillTemplate(stackFile('connect', 'kafka-sasl-ssl.properties'), values) : ''),
      );
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
        CALCULATOR_DB_PORT: settings.faultProxies
          ? String(linkPort(settings, 'connect-postgres'))
          : database.port,
        CALCULATOR_DB_NAME: 'calculator',
        DEBEZIUM_DB_USER: DEBEZIUM_ROLE,
        DEBEZIUM_DB_PASSWORD: secrets.debeziumPassword,
        ...debeziumTlsEnvironment(settings),
        // The worker's Kafka login, named as ${env:KAFKA_CONNECT_SASL_PASSWORD} in its properties.
        ...(settings.secured ? { KAFKA_CONNECT_SASL_PASSWORD: secrets.kafkaConnectPassword } : {}),
      },
      stopTimeoutMs: 30_000,
    }),
    ready: connectHasPlugin(settings.connectUrl, 'PostgresConnector'),
    readyTimeoutMs: 120_000,
    afterReady: () => applyConnectors(settings.connectUrl, path.join(PROJECT_ROOT, 'connectors'), log),
  };
}
